package poolchaos

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// injectTimeout bounds one POST /chaos (the server answers as soon as the fault is delivered).
const injectTimeout = 10 * time.Second

// newAdminRequest builds a request to the admin API at path, with the bearer token when one is set.
func newAdminRequest(ctx context.Context, method string, admin *url.URL, token, path string, body []byte) (*http.Request, error) {
	endpoint := admin.JoinPath(path)
	req, err := http.NewRequestWithContext(ctx, method, endpoint.String(), bytes.NewReader(body))
	if err != nil {
		return nil, optionsError("cannot build %s %s: %v", method, endpoint, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, nil
}

// NewInjectRequest builds POST /chaos with the fault as its JSON body.
func NewInjectRequest(ctx context.Context, options InjectOptions) (*http.Request, error) {
	body, err := json.Marshal(options.Fault)
	if err != nil {
		return nil, optionsError("inject: options.fault cannot be sent as JSON: %v", err)
	}
	req, err := newAdminRequest(ctx, http.MethodPost, options.Admin, options.Token, "chaos", body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// NewEventsRequest builds GET /events asking for NDJSON (not server-sent events).
func NewEventsRequest(ctx context.Context, options FollowOptions) (*http.Request, error) {
	req, err := newAdminRequest(ctx, http.MethodGet, options.Admin, options.Token, "events", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/x-ndjson")
	return req, nil
}

// NewPoolsRequest builds GET /pools/:name, or GET /pools when no pool is named.
func NewPoolsRequest(ctx context.Context, options FollowOptions) (*http.Request, error) {
	path := "pools"
	if options.Pool != "" {
		path = "pools/" + url.PathEscape(options.Pool)
	}
	req, err := newAdminRequest(ctx, http.MethodGet, options.Admin, options.Token, path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// Inject sends one fault and returns the admin API's answer
// `{faultId, kind, pool, affected, injectedAtMs, endsAtMs, injectedAt, endsAt}`.
func Inject(ctx context.Context, client *http.Client, options InjectOptions) (map[string]any, error) {
	ctx, cancel := context.WithTimeout(ctx, injectTimeout)
	defer cancel()
	req, err := NewInjectRequest(ctx, options)
	if err != nil {
		return nil, err
	}
	return send(client, req)
}

// fetchPoolStatuses reads GET /pools/:name (one status) or GET /pools (every status).
func fetchPoolStatuses(ctx context.Context, client *http.Client, options FollowOptions) ([]PoolStatus, error) {
	req, err := NewPoolsRequest(ctx, options)
	if err != nil {
		return nil, err
	}
	answer, err := send(client, req)
	if err != nil {
		return nil, err
	}
	text, _ := json.Marshal(answer)
	var statuses struct {
		Pools []PoolStatus `json:"pools"`
	}
	if options.Pool != "" {
		var status PoolStatus
		err = json.Unmarshal(text, &status)
		statuses.Pools = []PoolStatus{status}
	} else {
		err = json.Unmarshal(text, &statuses)
	}
	if err != nil {
		return nil, &Error{Code: CodeAdminResponse, Message: fmt.Sprintf("%s answered a pool status of an unexpected shape: %v", req.URL, err)}
	}
	return statuses.Pools, nil
}

func send(client *http.Client, req *http.Request) (map[string]any, error) {
	endpoint := req.Method + " " + req.URL.String()
	res, err := client.Do(req)
	if err != nil {
		return nil, unreachableError(endpoint, err)
	}
	defer func() { _ = res.Body.Close() }()
	return readAnswer(res, endpoint)
}
