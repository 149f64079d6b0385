package poolchaos

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// InjectOptions is inject()'s argument: where the admin API is, and the fault, sent as given (the
// server validates it and answers ERR_CHAOS_INVALID with every problem).
type InjectOptions struct {
	Admin *url.URL
	Token string
	Fault map[string]any
}

// FollowOptions is follow()'s argument: where the admin API is, how long to read its event stream,
// and which pool to watch ("" for every pool).
type FollowOptions struct {
	Admin    *url.URL
	Token    string
	Duration time.Duration
	Pool     string
}

// ParseInjectOptions checks inject()'s options object: `{admin, token?, fault}`.
func ParseInjectOptions(raw map[string]any) (InjectOptions, error) {
	if err := checkKeys("inject", raw, "admin", "token", "fault"); err != nil {
		return InjectOptions{}, err
	}
	admin, token, err := parseAdmin("inject", raw)
	if err != nil {
		return InjectOptions{}, err
	}
	fault, ok := raw["fault"].(map[string]any)
	if !ok {
		return InjectOptions{}, optionsError("inject: options.fault must be an object such as {kind: 'crash', pool: 'default'}, got %s", describe(raw["fault"]))
	}
	return InjectOptions{Admin: admin, Token: token, Fault: fault}, nil
}

// ParseFollowOptions checks follow()'s options object: `{admin, token?, durationMs, pool?}`.
func ParseFollowOptions(raw map[string]any) (FollowOptions, error) {
	if err := checkKeys("follow", raw, "admin", "token", "durationMs", "pool"); err != nil {
		return FollowOptions{}, err
	}
	admin, token, err := parseAdmin("follow", raw)
	if err != nil {
		return FollowOptions{}, err
	}
	durationMs, ok := toFloat(raw["durationMs"])
	if !ok || durationMs < 1 || durationMs > float64(24*time.Hour/time.Millisecond) || durationMs != math.Trunc(durationMs) {
		return FollowOptions{}, optionsError("follow: options.durationMs must be a whole number of milliseconds from 1 to 86400000 (how long to read events), got %s", describe(raw["durationMs"]))
	}
	pool := ""
	if value, isSet := raw["pool"]; isSet && value != nil {
		if pool, ok = value.(string); !ok || pool == "" {
			return FollowOptions{}, optionsError("follow: options.pool must be a pool name, got %s", describe(value))
		}
	}
	return FollowOptions{Admin: admin, Token: token, Duration: time.Duration(durationMs) * time.Millisecond, Pool: pool}, nil
}

func checkKeys(function string, raw map[string]any, allowed ...string) error {
	if raw == nil {
		return optionsError("%s: expected an options object, got nothing", function)
	}
	for key := range raw {
		if !slices.Contains(allowed, key) {
			return optionsError("%s: unknown option %q; the options are %s", function, key, strings.Join(allowed, ", "))
		}
	}
	return nil
}

func parseAdmin(function string, raw map[string]any) (*url.URL, string, error) {
	text, _ := raw["admin"].(string)
	admin, err := url.Parse(text)
	if text == "" || err != nil || (admin.Scheme != "http" && admin.Scheme != "https") || admin.Host == "" {
		return nil, "", optionsError("%s: options.admin must be the admin API's URL such as http://127.0.0.1:9464, got %s", function, describe(raw["admin"]))
	}
	admin.Path = strings.TrimSuffix(admin.Path, "/")
	token := ""
	if value, isSet := raw["token"]; isSet && value != nil {
		var ok bool
		if token, ok = value.(string); !ok {
			return nil, "", optionsError("%s: options.token must be a string (the admin bearer token), got %s", function, describe(value))
		}
	}
	return admin, token, nil
}

// toFloat reads a JS number as exported by the runtime (int64 or float64).
func toFloat(value any) (float64, bool) {
	switch number := value.(type) {
	case int:
		return float64(number), true
	case int64:
		return float64(number), true
	case float64:
		return number, !math.IsNaN(number) && !math.IsInf(number, 0)
	default:
		return 0, false
	}
}

func describe(value any) string {
	if value == nil {
		return "nothing"
	}
	if text, ok := value.(string); ok {
		return fmt.Sprintf("%q", text)
	}
	return fmt.Sprintf("%v (%T)", value, value)
}
