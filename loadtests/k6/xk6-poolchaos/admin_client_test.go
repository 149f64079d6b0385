package poolchaos

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func mustURL(t *testing.T, text string) *url.URL {
	t.Helper()
	parsed, err := url.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return parsed
}

func TestNewInjectRequest(t *testing.T) {
	t.Parallel()
	options := InjectOptions{
		Admin: mustURL(t, "http://127.0.0.1:9464/admin"),
		Token: "s3cret",
		Fault: map[string]any{"kind": "crash", "pool": "default", "worker": map[string]any{"index": int64(0)}},
	}
	req, err := NewInjectRequest(context.Background(), options)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(req.Body)
	got := []string{req.Method, req.URL.String(), req.Header.Get("Content-Type"), req.Header.Get("Accept"), req.Header.Get("Authorization"), string(body)}
	want := []string{"POST", "http://127.0.0.1:9464/admin/chaos", "application/json", "application/json", "Bearer s3cret", `{"kind":"crash","pool":"default","worker":{"index":0}}`}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestNewEventsAndPoolsRequests(t *testing.T) {
	t.Parallel()
	options := FollowOptions{Admin: mustURL(t, "http://127.0.0.1:9464"), Pool: "api pool"}
	events, err := NewEventsRequest(context.Background(), options)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := NewPoolsRequest(context.Background(), options)
	if err != nil {
		t.Fatal(err)
	}
	options.Pool = ""
	every, err := NewPoolsRequest(context.Background(), options)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{
		events.Method, events.URL.String(), events.Header.Get("Accept"), events.Header.Get("Authorization"),
		pool.URL.String(), every.URL.String(),
	}
	want := []string{
		"GET", "http://127.0.0.1:9464/events", "application/x-ndjson", "",
		"http://127.0.0.1:9464/pools/api%20pool", "http://127.0.0.1:9464/pools",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func answer(status int, body string) *http.Response {
	return &http.Response{StatusCode: status, Body: io.NopCloser(strings.NewReader(body))}
}

func TestReadAnswer(t *testing.T) {
	t.Parallel()
	t.Run("a 200 answer is the JSON object", func(t *testing.T) {
		t.Parallel()
		got, err := readAnswer(answer(200, `{"faultId":1,"kind":"crash","affected":[{"workerId":2,"pid":99}]}`), "POST /chaos")
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"faultId": float64(1), "kind": "crash", "affected": []any{map[string]any{"workerId": float64(2), "pid": float64(99)}}}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("got %#v", got)
		}
	})
	tests := []struct {
		name                string
		status              int
		body, code, message string
	}{
		{"the server's error keeps its code, message and status", 409, `{"error":{"code":"ERR_CHAOS_NO_TARGET","message":"no ready worker in pool default"}}`,
			"ERR_CHAOS_NO_TARGET", "no ready worker in pool default"},
		{"an unauthorized answer", 401, `{"error":{"code":"ERR_ADMIN_UNAUTHORIZED","message":"send the token"}}`, "ERR_ADMIN_UNAUTHORIZED", "send the token"},
		{"a body that is not JSON", 502, `<html>bad gateway</html>`, CodeAdminResponse,
			`POST /chaos answered 502 with a body that is not poolchaos JSON: "<html>bad gateway</html>"; is options.admin the admin address, not the front?`},
		{"JSON without an error object", 500, `{"oops":1}`, CodeAdminResponse,
			`POST /chaos answered 500 with a body that is not poolchaos JSON: "{\"oops\":1}"; is options.admin the admin address, not the front?`},
		{"a 200 that is not a JSON object", 200, `hello world`, CodeAdminResponse,
			`POST /chaos answered 200 with a body that is not poolchaos JSON: "hello world"; is options.admin the admin address, not the front?`},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			_, err := readAnswer(answer(test.status, test.body), "POST /chaos")
			assertError(t, err, test.code, test.message, test.status)
		})
	}
}

func TestErrorCodesArePinned(t *testing.T) {
	t.Parallel()
	want := []string{"ERR_XK6_OPTIONS", "ERR_XK6_ADMIN_UNREACHABLE", "ERR_XK6_ADMIN_RESPONSE"}
	if !slices.Equal(ErrorCodes, want) {
		t.Fatalf("error codes changed: %q", ErrorCodes)
	}
	err := &Error{Code: CodeOptions, Message: "bad"}
	if err.Error() != "ERR_XK6_OPTIONS: bad" {
		t.Fatalf("Error() = %q", err.Error())
	}
}
