package poolchaos

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// The extension's own error codes. Errors from the admin API keep the server's code (ERR_CHAOS_*,
// ERR_POOL_*, ERR_ADMIN_*) and HTTP status, so a script can tell "no ready worker" from "bad request".
const (
	// CodeOptions: the options object passed to inject() or follow() is not usable.
	CodeOptions = "ERR_XK6_OPTIONS"
	// CodeAdminUnreachable: the admin API did not answer (connection refused, reset, timeout).
	CodeAdminUnreachable = "ERR_XK6_ADMIN_UNREACHABLE"
	// CodeAdminResponse: the admin API answered something that is not poolchaos JSON.
	CodeAdminResponse = "ERR_XK6_ADMIN_RESPONSE"
)

// ErrorCodes lists every code the extension itself raises (a test pins it).
var ErrorCodes = []string{CodeOptions, CodeAdminUnreachable, CodeAdminResponse}

// maxAnswerBytes bounds how much of an admin answer is read (a pool status is a few kilobytes).
const maxAnswerBytes = 1 << 20

// Error is what inject() and follow() throw: a stable code, a message that says what to do, and the
// HTTP status when the admin API answered (0 otherwise).
type Error struct {
	Code    string
	Message string
	Status  int
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func optionsError(format string, args ...any) *Error {
	return &Error{Code: CodeOptions, Message: fmt.Sprintf(format, args...)}
}

func unreachableError(endpoint string, err error) *Error {
	return &Error{
		Code:    CodeAdminUnreachable,
		Message: fmt.Sprintf("could not reach the admin API at %s (%v); is `poolchaos serve` running with admin on that address?", endpoint, err),
	}
}

// readAnswer reads an admin API answer: the JSON object on 200, otherwise the server's error
// `{error: {code, message}}` as an *Error carrying the status.
func readAnswer(res *http.Response, endpoint string) (map[string]any, error) {
	body, err := io.ReadAll(io.LimitReader(res.Body, maxAnswerBytes))
	if err != nil {
		return nil, unreachableError(endpoint, err)
	}
	if res.StatusCode == http.StatusOK {
		var answer map[string]any
		if err := json.Unmarshal(body, &answer); err != nil || answer == nil {
			return nil, badAnswerError(endpoint, res.StatusCode, body)
		}
		return answer, nil
	}
	var failure struct {
		Error *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(body, &failure); err != nil || failure.Error == nil || failure.Error.Code == "" {
		return nil, badAnswerError(endpoint, res.StatusCode, body)
	}
	return nil, &Error{Code: failure.Error.Code, Message: failure.Error.Message, Status: res.StatusCode}
}

func badAnswerError(endpoint string, status int, body []byte) *Error {
	const maxShown = 200
	if len(body) > maxShown {
		body = body[:maxShown]
	}
	return &Error{
		Code:    CodeAdminResponse,
		Message: fmt.Sprintf("%s answered %d with a body that is not poolchaos JSON: %q; is options.admin the admin address, not the front?", endpoint, status, body),
		Status:  status,
	}
}
