package poolchaos

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
)

// How a follow() ended.
const (
	EndedByDuration     = "duration"      // durationMs passed (the normal end)
	EndedByAbort        = "aborted"       // the test run or the VU stopped first
	EndedByStreamClosed = "stream-closed" // the server closed the stream (it stopped)
	EndedByStreamError  = "stream-error"  // reading the stream failed
)

// FollowSummary is what follow() returns: how many events of each type it read (of the followed
// pool), the same per pool, restarts by reason, the recovery durations it measured, and how it ended.
type FollowSummary struct {
	Events     map[string]int64
	PoolEvents map[string]map[string]int64
	Total      int64
	Unreadable int64
	Restarts   map[string]int64
	Recoveries []float64
	EndedBy    string
}

// toJS is the summary as the script sees it.
func (s FollowSummary) toJS() map[string]any {
	recoveries := s.Recoveries
	if recoveries == nil {
		recoveries = []float64{}
	}
	return map[string]any{
		"events":       s.Events,
		"poolEvents":   s.PoolEvents,
		"total":        s.Total,
		"unreadable":   s.Unreadable,
		"restarts":     s.Restarts,
		"recoveriesMs": recoveries,
		"endedBy":      s.EndedBy,
	}
}

// Follow reads the admin event stream until options.Duration passes (or ctx ends) and hands every
// metric point to push, in stream order. The stream is opened before the pools are read, so no
// event between the two is missed (the state's sets make the overlap harmless).
func Follow(ctx context.Context, client *http.Client, options FollowOptions, push func(Point)) (FollowSummary, error) {
	summary := FollowSummary{Events: map[string]int64{}, PoolEvents: map[string]map[string]int64{}, Restarts: map[string]int64{}}
	streamCtx, cancel := context.WithTimeout(ctx, options.Duration)
	defer cancel()
	req, err := NewEventsRequest(streamCtx, options)
	if err != nil {
		return summary, err
	}
	res, err := client.Do(req)
	if err != nil {
		return summary, unreachableError("GET "+req.URL.String(), err)
	}
	defer func() { _ = res.Body.Close() }()
	if res.StatusCode != http.StatusOK {
		_, err = readAnswer(res, "GET "+req.URL.String())
		return summary, err
	}
	statuses, err := fetchPoolStatuses(streamCtx, client, options)
	if err != nil {
		return summary, err
	}
	state, points := NewFollowState(statuses)
	for _, point := range points {
		push(point)
	}
	reader := bufio.NewReader(res.Body)
	for {
		line, readErr := reader.ReadBytes('\n')
		if readErr == nil && len(line) > 1 {
			state = summary.read(state, line, options.Pool, push)
		}
		// A partial line at the end was cut by the deadline or the server going away: dropped.
		if readErr != nil {
			summary.EndedBy = endReason(ctx, streamCtx, readErr)
			return summary, nil
		}
	}
}

// read applies one stream line: counts it and pushes its points.
func (s *FollowSummary) read(state FollowState, line []byte, pool string, push func(Point)) FollowState {
	event, err := ParseEvent(line)
	if err != nil || event.Type == "" {
		s.Unreadable++
		return state
	}
	if pool != "" && event.Pool != pool {
		return state
	}
	s.Events[event.Type]++
	if s.PoolEvents[event.Pool] == nil {
		s.PoolEvents[event.Pool] = map[string]int64{}
	}
	s.PoolEvents[event.Pool][event.Type]++
	s.Total++
	next, points := Convert(state, event)
	for _, point := range points {
		switch point.Metric {
		case MetricWorkerRestarts:
			s.Restarts[point.Tags["reason"]]++
		case MetricRecoveryDuration:
			s.Recoveries = append(s.Recoveries, point.Value)
		}
		push(point)
	}
	return next
}

func endReason(parent, stream context.Context, readErr error) string {
	switch {
	case parent.Err() != nil:
		return EndedByAbort
	case stream.Err() != nil:
		return EndedByDuration
	case errors.Is(readErr, io.EOF), errors.Is(readErr, io.ErrUnexpectedEOF):
		return EndedByStreamClosed
	default:
		return EndedByStreamError
	}
}
