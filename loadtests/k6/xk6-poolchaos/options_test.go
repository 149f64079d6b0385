package poolchaos

import (
	"errors"
	"testing"
	"time"
)

func TestParseInjectOptions(t *testing.T) {
	t.Parallel()
	fault := map[string]any{"kind": "crash", "pool": "default"}
	t.Run("takes admin, token and the fault as given", func(t *testing.T) {
		t.Parallel()
		options, err := ParseInjectOptions(map[string]any{"admin": "http://127.0.0.1:9464/", "token": "s3cret", "fault": fault})
		if err != nil {
			t.Fatal(err)
		}
		if options.Admin.String() != "http://127.0.0.1:9464" || options.Token != "s3cret" || options.Fault["kind"] != "crash" {
			t.Fatalf("got %+v", options)
		}
	})
	tests := []struct {
		name    string
		raw     map[string]any
		message string
	}{
		{"no options", nil, "inject: expected an options object, got nothing"},
		{"no admin", map[string]any{"fault": fault}, "inject: options.admin must be the admin API's URL such as http://127.0.0.1:9464, got nothing"},
		{"admin without a scheme", map[string]any{"admin": "127.0.0.1:9464", "fault": fault}, `inject: options.admin must be the admin API's URL such as http://127.0.0.1:9464, got "127.0.0.1:9464"`},
		{"admin not http", map[string]any{"admin": "ftp://h", "fault": fault}, `inject: options.admin must be the admin API's URL such as http://127.0.0.1:9464, got "ftp://h"`},
		{"token not a string", map[string]any{"admin": "http://h", "token": int64(5), "fault": fault}, "inject: options.token must be a string (the admin bearer token), got 5 (int64)"},
		{"no fault", map[string]any{"admin": "http://h"}, "inject: options.fault must be an object such as {kind: 'crash', pool: 'default'}, got nothing"},
		{"fault not an object", map[string]any{"admin": "http://h", "fault": "crash"}, `inject: options.fault must be an object such as {kind: 'crash', pool: 'default'}, got "crash"`},
		{"a misspelt key", map[string]any{"admin": "http://h", "fault": fault, "tokn": "x"}, `inject: unknown option "tokn"; the options are admin, token, fault`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseInjectOptions(test.raw)
			assertError(t, err, CodeOptions, test.message, 0)
		})
	}
}

func TestParseFollowOptions(t *testing.T) {
	t.Parallel()
	t.Run("takes durationMs as an integer or a whole float, pool optional", func(t *testing.T) {
		t.Parallel()
		for _, durationMs := range []any{int64(1500), float64(1500), 1500} {
			options, err := ParseFollowOptions(map[string]any{"admin": "http://h:1", "durationMs": durationMs, "pool": "api"})
			if err != nil {
				t.Fatal(err)
			}
			if options.Duration != 1500*time.Millisecond || options.Pool != "api" || options.Token != "" {
				t.Fatalf("got %+v", options)
			}
		}
		options, err := ParseFollowOptions(map[string]any{"admin": "http://h:1", "durationMs": int64(10), "pool": nil})
		if err != nil || options.Pool != "" {
			t.Fatalf("a null pool should mean every pool: %+v %v", options, err)
		}
	})
	const durationMessage = "follow: options.durationMs must be a whole number of milliseconds from 1 to 86400000 (how long to read events), got "
	tests := []struct {
		name    string
		raw     map[string]any
		message string
	}{
		{"no durationMs", map[string]any{"admin": "http://h"}, durationMessage + "nothing"},
		{"durationMs zero", map[string]any{"admin": "http://h", "durationMs": int64(0)}, durationMessage + "0 (int64)"},
		{"durationMs fractional", map[string]any{"admin": "http://h", "durationMs": 1.5}, durationMessage + "1.5 (float64)"},
		{"durationMs a string", map[string]any{"admin": "http://h", "durationMs": "10s"}, durationMessage + `"10s"`},
		{"durationMs over a day", map[string]any{"admin": "http://h", "durationMs": int64(86_400_001)}, durationMessage + "86400001 (int64)"},
		{"empty pool", map[string]any{"admin": "http://h", "durationMs": int64(5), "pool": ""}, `follow: options.pool must be a pool name, got ""`},
		{"unknown key", map[string]any{"admin": "http://h", "duration": int64(5)}, `follow: unknown option "duration"; the options are admin, token, durationMs, pool`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseFollowOptions(test.raw)
			assertError(t, err, CodeOptions, test.message, 0)
		})
	}
}

func assertError(t *testing.T, err error, code, message string, status int) {
	t.Helper()
	var poolchaosError *Error
	if !errors.As(err, &poolchaosError) {
		t.Fatalf("expected *Error %s, got %v", code, err)
	}
	if poolchaosError.Code != code || poolchaosError.Message != message || poolchaosError.Status != status {
		t.Fatalf("got  %s %q %d\nwant %s %q %d", poolchaosError.Code, poolchaosError.Message, poolchaosError.Status, code, message, status)
	}
}
