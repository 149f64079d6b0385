package poolchaos

// The event→metric decision: a pure function of (what follow() has seen so far, one event). It owns
// these invariants:
//   - a worker counts as ready from its worker-ready until the first event that takes it out of
//     dispatch (exited, unresponsive, killed, orphaned, draining); sets of worker ids make repeated
//     events (the seed overlapping the stream) harmless;
//   - restarts are counted where the server counts them (pool-supervisor.ts), so the k6 counter
//     matches the server's restarts by reason: crash on worker-exited{crash} of a worker that was not
//     orphaned, ping_timeout/deadlock on worker-unresponsive, startup_timeout on worker-killed,
//     recycle reasons on worker-recycling, manual on each worker an admin stop drains or kills;
//   - a fault's recovery is the time from its chaos-injected to the first worker-ready in its pool
//     after the supervisor reacted in that pool (a worker left dispatch or a recycle began); a fault
//     that ends (chaos-ended) before any reaction needed no recovery and is dropped;
//   - a fault's detection is its recovery minus the start-up of the worker whose worker-ready ended
//     it (the event's startupMs): the time the pool took to notice the fault and start a replacement,
//     free of how fast this machine starts a worker; absent when the event carries no startupMs.

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"time"
)

// Metric names the extension emits.
const (
	MetricFaultInjected     = "poolchaos_fault_injected"
	MetricFaultActive       = "poolchaos_fault_active"
	MetricWorkerRestarts    = "poolchaos_worker_restarts"
	MetricRecoveryDuration  = "poolchaos_recovery_duration"
	MetricDetectionDuration = "poolchaos_detection_duration"
	MetricRapidFailTrips    = "poolchaos_rapid_fail_trips"
	MetricWorkersReady      = "poolchaos_workers_ready"
)

// Event is one line of GET /events, with the fields the conversion reads.
type Event struct {
	Type     string    `json:"type"`
	Time     time.Time `json:"time"`
	Pool     string    `json:"pool"`
	WorkerID *int      `json:"workerId"`
	Reason   string    `json:"reason"`
	FaultID  *int64    `json:"faultId"`
	Kind     string    `json:"kind"`
	// StartupMs is a worker-ready's spawn-to-ready time.
	StartupMs *float64 `json:"startupMs"`
}

// ParseEvent reads one NDJSON line of the event stream.
func ParseEvent(line []byte) (Event, error) {
	var event Event
	err := json.Unmarshal(line, &event)
	return event, err
}

// Point is one metric sample the conversion asks for; the caller stamps the time and the VU's tags.
type Point struct {
	Metric string
	Value  float64
	Tags   map[string]string
}

// PoolStatus is the part of GET /pools/:name the seed reads.
type PoolStatus struct {
	Name    string         `json:"name"`
	Workers []WorkerStatus `json:"workers"`
}

// WorkerStatus is one worker of a pool status.
type WorkerStatus struct {
	ID    int    `json:"id"`
	State string `json:"state"`
}

type pendingFault struct {
	faultID    int64
	kind       string
	injectedAt time.Time
	isReacted  bool
}

// FollowState is what follow() remembers between events, per pool. Treat it as a value: Convert
// returns a new one and never changes the one it is given.
type FollowState struct {
	ready        map[string]map[int]bool
	orphaned     map[string]map[int]bool
	pending      map[string][]pendingFault
	adminStopped map[string]bool
}

// NewFollowState starts from the pools' current workers (GET /pools) and returns the workers_ready
// gauge points that seed each pool.
func NewFollowState(statuses []PoolStatus) (FollowState, []Point) {
	state := FollowState{ready: map[string]map[int]bool{}, orphaned: map[string]map[int]bool{}, pending: map[string][]pendingFault{}, adminStopped: map[string]bool{}}
	points := make([]Point, 0, len(statuses))
	for _, status := range statuses {
		ready := map[int]bool{}
		orphaned := map[int]bool{}
		for _, worker := range status.Workers {
			switch worker.State {
			case "ready":
				ready[worker.ID] = true
			case "orphaned":
				orphaned[worker.ID] = true
			}
		}
		state.ready[status.Name] = ready
		state.orphaned[status.Name] = orphaned
		points = append(points, readyPoint(status.Name, len(ready)))
	}
	return state, points
}

// Convert applies one event: the new state and the metric points the event produces, in order.
func Convert(previous FollowState, event Event) (FollowState, []Point) {
	state := previous.clone()
	pool := event.Pool
	var points []Point
	switch event.Type {
	case "worker-ready":
		if event.WorkerID != nil {
			points = state.setReady(pool, *event.WorkerID, true, points)
		}
		points = state.recover(pool, event.Time, event.StartupMs, points)
	case "worker-exited":
		isOrphaned := event.WorkerID != nil && state.orphaned[pool][*event.WorkerID]
		points = state.leave(event, points)
		if event.WorkerID != nil {
			state.orphaned[pool] = without(state.orphaned[pool], *event.WorkerID)
		}
		if event.Reason == "crash" && !isOrphaned {
			points = append(points, restartPoint(pool, "crash"))
		}
	case "worker-unresponsive":
		points = state.leave(event, points)
		points = append(points, restartPoint(pool, event.Reason))
	case "worker-killed":
		points = state.leave(event, points)
		points = state.countManual(event, points)
		if event.Reason == "startup_timeout" {
			points = append(points, restartPoint(pool, event.Reason))
		}
	case "worker-orphaned":
		points = state.leave(event, points)
		if event.WorkerID != nil {
			state.orphaned[pool] = with(state.orphaned[pool], *event.WorkerID)
		}
	case "worker-draining":
		points = state.leave(event, points)
		points = state.countManual(event, points)
	case "worker-recycling":
		state.markReacted(pool)
		points = append(points, restartPoint(pool, event.Reason))
	case "pool-stopped":
		state.adminStopped[pool] = event.Reason == "Admin"
	case "pool-started":
		state.adminStopped[pool] = false
	case "rapid-fail-tripped":
		points = append(points, Point{Metric: MetricRapidFailTrips, Value: 1, Tags: map[string]string{"pool": pool}})
	case "chaos-injected":
		if event.FaultID != nil {
			state.pending[pool] = append(slices.Clone(state.pending[pool]), pendingFault{faultID: *event.FaultID, kind: event.Kind, injectedAt: event.Time})
		}
	case "chaos-ended":
		if event.FaultID != nil {
			state.pending[pool] = dropUnreacted(state.pending[pool], *event.FaultID)
			points = append(points, Point{Metric: MetricFaultActive, Value: 0, Tags: faultTags(event.Kind, pool, *event.FaultID)})
		}
	}
	return state, points
}

// leave takes the event's worker out of dispatch: the gauge moves and pending faults see a reaction.
func (s *FollowState) leave(event Event, points []Point) []Point {
	s.markReacted(event.Pool)
	if event.WorkerID == nil {
		return points
	}
	return s.setReady(event.Pool, *event.WorkerID, false, points)
}

func (s *FollowState) setReady(pool string, workerID int, isReady bool, points []Point) []Point {
	if s.ready[pool][workerID] == isReady {
		return points
	}
	if isReady {
		s.ready[pool] = with(s.ready[pool], workerID)
	} else {
		s.ready[pool] = without(s.ready[pool], workerID)
	}
	return append(points, readyPoint(pool, len(s.ready[pool])))
}

func (s *FollowState) markReacted(pool string) {
	faults := s.pending[pool]
	if len(faults) == 0 {
		return
	}
	reacted := make([]pendingFault, len(faults))
	for i, fault := range faults {
		fault.isReacted = true
		reacted[i] = fault
	}
	s.pending[pool] = reacted
}

// recover closes every pending fault of the pool that the supervisor reacted to; with the ready
// worker's start-up known, each also gets its detection.
func (s *FollowState) recover(pool string, readyAt time.Time, startupMs *float64, points []Point) []Point {
	var waiting []pendingFault
	for _, fault := range s.pending[pool] {
		if !fault.isReacted {
			waiting = append(waiting, fault)
			continue
		}
		ms := float64(readyAt.Sub(fault.injectedAt)) / float64(time.Millisecond)
		tags := map[string]string{"kind": fault.kind, "pool": pool}
		points = append(points, Point{Metric: MetricRecoveryDuration, Value: max(ms, 0), Tags: tags})
		if startupMs != nil {
			points = append(points, Point{Metric: MetricDetectionDuration, Value: max(ms-*startupMs, 0), Tags: maps.Clone(tags)})
		}
	}
	s.pending[pool] = waiting
	return points
}

// countManual counts an admin stop's restarts: one per worker it drains or kills.
func (s *FollowState) countManual(event Event, points []Point) []Point {
	if event.Reason == "pool_stopped" && s.adminStopped[event.Pool] {
		return append(points, restartPoint(event.Pool, "manual"))
	}
	return points
}

func (s FollowState) clone() FollowState {
	next := FollowState{
		ready:        maps.Clone(s.ready),
		orphaned:     maps.Clone(s.orphaned),
		pending:      maps.Clone(s.pending),
		adminStopped: maps.Clone(s.adminStopped),
	}
	if next.ready == nil {
		next.ready = map[string]map[int]bool{}
	}
	if next.orphaned == nil {
		next.orphaned = map[string]map[int]bool{}
	}
	if next.pending == nil {
		next.pending = map[string][]pendingFault{}
	}
	if next.adminStopped == nil {
		next.adminStopped = map[string]bool{}
	}
	return next
}

// with and without copy the inner set, so a cloned state never shares a set it changes.
func with(set map[int]bool, id int) map[int]bool {
	next := maps.Clone(set)
	if next == nil {
		next = map[int]bool{}
	}
	next[id] = true
	return next
}

func without(set map[int]bool, id int) map[int]bool {
	next := maps.Clone(set)
	delete(next, id)
	return next
}

func dropUnreacted(faults []pendingFault, faultID int64) []pendingFault {
	var kept []pendingFault
	for _, fault := range faults {
		if fault.faultID != faultID || fault.isReacted {
			kept = append(kept, fault)
		}
	}
	return kept
}

func readyPoint(pool string, count int) Point {
	return Point{Metric: MetricWorkersReady, Value: float64(count), Tags: map[string]string{"pool": pool}}
}

func restartPoint(pool, reason string) Point {
	return Point{Metric: MetricWorkerRestarts, Value: 1, Tags: map[string]string{"pool": pool, "reason": reason}}
}

func faultTags(kind, pool string, faultID int64) map[string]string {
	return map[string]string{"kind": kind, "pool": pool, "fault_id": strconv.FormatInt(faultID, 10)}
}
