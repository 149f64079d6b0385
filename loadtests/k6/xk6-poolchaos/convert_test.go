package poolchaos

import (
	"reflect"
	"testing"
	"time"
)

var t0 = time.UnixMilli(1_800_000_000_000).UTC()

func at(ms int64) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

func workerEvent(kind string, ms int64, workerID int, reason string) Event {
	return Event{Type: kind, Time: at(ms), Pool: "default", WorkerID: &workerID, Reason: reason}
}

func faultEvent(kind string, ms int64, faultID int64, faultKind string) Event {
	return Event{Type: kind, Time: at(ms), Pool: "default", FaultID: &faultID, Kind: faultKind}
}

func poolEvent(kind string, ms int64, reason string) Event {
	return Event{Type: kind, Time: at(ms), Pool: "default", Reason: reason}
}

func twoReadyWorkers() []PoolStatus {
	return []PoolStatus{{Name: "default", Workers: []WorkerStatus{{ID: 1, State: "ready"}, {ID: 2, State: "ready"}}}}
}

func ready(count float64) Point { return readyPoint("default", int(count)) }

func restart(reason string) Point { return restartPoint("default", reason) }

func recovery(kind string, ms float64) Point {
	return Point{Metric: MetricRecoveryDuration, Value: ms, Tags: map[string]string{"kind": kind, "pool": "default"}}
}

func detection(kind string, ms float64) Point {
	return Point{Metric: MetricDetectionDuration, Value: ms, Tags: map[string]string{"kind": kind, "pool": "default"}}
}

func readyEvent(ms int64, workerID int, startupMs float64) Event {
	event := workerEvent("worker-ready", ms, workerID, "")
	event.StartupMs = &startupMs
	return event
}

func TestConvert(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		events []Event
		want   []Point
	}{
		{
			name: "a crash: the ready gauge drops, a crash restart, recovery at the replacement's ready",
			events: []Event{
				faultEvent("chaos-injected", 0, 1, "crash"),
				workerEvent("worker-exited", 5, 1, "crash"),
				workerEvent("worker-spawned", 6, 3, "crash"),
				workerEvent("worker-ready", 180, 3, ""),
			},
			want: []Point{ready(1), restart("crash"), ready(2), recovery("crash", 180)},
		},
		{
			name: "a freeze: detection is the recovery minus the replacement's start-up",
			events: []Event{
				faultEvent("chaos-injected", 0, 1, "freeze"),
				workerEvent("worker-unresponsive", 1400, 1, "ping_timeout"),
				workerEvent("worker-spawned", 1410, 3, "ping_timeout"),
				readyEvent(1700, 3, 290),
			},
			want: []Point{ready(1), restart("ping_timeout"), ready(2), recovery("freeze", 1700), detection("freeze", 1410)},
		},
		{
			name: "a start-up longer than the recovery gives a detection of 0, never below",
			events: []Event{
				faultEvent("chaos-injected", 0, 1, "crash"),
				workerEvent("worker-exited", 5, 1, "crash"),
				readyEvent(100, 3, 400),
			},
			want: []Point{ready(1), restart("crash"), ready(2), recovery("crash", 100), detection("crash", 0)},
		},
		{
			name: "a crash of an orphaned worker is not a restart (the server does not count it)",
			events: []Event{
				workerEvent("worker-unresponsive", 0, 1, "ping_timeout"),
				workerEvent("worker-orphaned", 0, 1, "ping_timeout"),
				workerEvent("worker-exited", 50, 1, "crash"),
			},
			want: []Point{ready(1), restart("ping_timeout")},
		},
		{
			name: "a ping timeout counts once, not again when the worker is killed and exits",
			events: []Event{
				workerEvent("worker-unresponsive", 0, 2, "ping_timeout"),
				workerEvent("worker-killed", 0, 2, "ping_timeout"),
				workerEvent("worker-exited", 3, 2, "killed"),
			},
			want: []Point{ready(1), restart("ping_timeout")},
		},
		{
			name:   "a deadlock is a restart with reason deadlock",
			events: []Event{workerEvent("worker-unresponsive", 0, 1, "deadlock")},
			want:   []Point{ready(1), restart("deadlock")},
		},
		{
			name:   "a startup timeout kills a worker that never was ready: a restart, the gauge stays",
			events: []Event{workerEvent("worker-killed", 0, 7, "startup_timeout")},
			want:   []Point{restart("startup_timeout")},
		},
		{
			name: "an overlapped recycle: restart with the IIS reason, the old worker leaves when it drains",
			events: []Event{
				workerEvent("worker-recycling", 0, 1, "PrivateMemory"),
				workerEvent("worker-ready", 150, 3, ""),
				workerEvent("worker-draining", 150, 1, "PrivateMemory"),
				workerEvent("worker-exited", 160, 1, "drained"),
			},
			want: []Point{restart("PrivateMemory"), ready(3), ready(2)},
		},
		{
			name: "an admin stop counts a manual restart per worker it drains or kills",
			events: []Event{
				poolEvent("pool-stopped", 0, "Admin"),
				workerEvent("worker-draining", 0, 1, "pool_stopped"),
				workerEvent("worker-killed", 0, 9, "pool_stopped"),
				workerEvent("worker-draining", 0, 2, "pool_stopped"),
			},
			want: []Point{ready(1), restart("manual"), restart("manual"), ready(0), restart("manual")},
		},
		{
			name: "a rapid-fail stop drains without manual restarts and counts a trip",
			events: []Event{
				poolEvent("rapid-fail-tripped", 0, ""),
				poolEvent("pool-stopped", 0, "RapidFail"),
				workerEvent("worker-draining", 0, 1, "pool_stopped"),
			},
			want: []Point{{Metric: MetricRapidFailTrips, Value: 1, Tags: map[string]string{"pool": "default"}}, ready(1)},
		},
		{
			name: "a fault that ends before the supervisor reacts needs no recovery",
			events: []Event{
				faultEvent("chaos-injected", 0, 4, "slow-responses"),
				faultEvent("chaos-ended", 1000, 4, "slow-responses"),
				workerEvent("worker-exited", 2000, 1, "crash"),
				workerEvent("worker-ready", 2100, 3, ""),
			},
			want: []Point{
				{Metric: MetricFaultActive, Value: 0, Tags: map[string]string{"kind": "slow-responses", "pool": "default", "fault_id": "4"}},
				ready(1), restart("crash"), ready(2),
			},
		},
		{
			name: "a fault that ends after a worker left still gets its recovery",
			events: []Event{
				faultEvent("chaos-injected", 0, 5, "freeze"),
				workerEvent("worker-unresponsive", 2000, 1, "ping_timeout"),
				faultEvent("chaos-ended", 2500, 5, "freeze"),
				workerEvent("worker-ready", 2600, 3, ""),
			},
			want: []Point{
				ready(1), restart("ping_timeout"),
				{Metric: MetricFaultActive, Value: 0, Tags: map[string]string{"kind": "freeze", "pool": "default", "fault_id": "5"}},
				ready(2), recovery("freeze", 2600),
			},
		},
		{
			name: "two faults before one recovery are both recovered by the first ready",
			events: []Event{
				faultEvent("chaos-injected", 0, 1, "crash"),
				faultEvent("chaos-injected", 100, 2, "crash"),
				workerEvent("worker-exited", 110, 1, "crash"),
				workerEvent("worker-exited", 120, 2, "crash"),
				workerEvent("worker-ready", 300, 3, ""),
				workerEvent("worker-ready", 320, 4, ""),
			},
			want: []Point{ready(1), restart("crash"), ready(0), restart("crash"), ready(1), recovery("crash", 300), recovery("crash", 200), ready(2)},
		},
		{
			name:   "a worker-ready for a worker already ready (the seed overlapping the stream) changes nothing",
			events: []Event{workerEvent("worker-ready", 0, 2, "")},
			want:   nil,
		},
		{
			name: "events without metrics produce nothing",
			events: []Event{
				poolEvent("request-rejected", 0, "QueueFull"),
				workerEvent("worker-spawned", 0, 5, "demand"),
				poolEvent("pool-started", 0, "admin"),
				workerEvent("worker-idle-expired", 0, 9, ""),
			},
			want: nil,
		},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			state, _ := NewFollowState(twoReadyWorkers())
			var got []Point
			for _, event := range test.events {
				var points []Point
				state, points = Convert(state, event)
				got = append(got, points...)
			}
			if !reflect.DeepEqual(got, test.want) {
				t.Fatalf("points:\n got  %+v\n want %+v", got, test.want)
			}
		})
	}
}

func TestNewFollowStateSeedsTheReadyGaugePerPool(t *testing.T) {
	t.Parallel()
	statuses := append(twoReadyWorkers(), PoolStatus{Name: "empty"})
	_, points := NewFollowState(statuses)
	want := []Point{ready(2), readyPoint("empty", 0)}
	if !reflect.DeepEqual(points, want) {
		t.Fatalf("seed points: got %+v, want %+v", points, want)
	}
}

func TestConvertLeavesTheGivenStateUnchanged(t *testing.T) {
	t.Parallel()
	start, _ := NewFollowState(twoReadyWorkers())
	injected, _ := Convert(start, faultEvent("chaos-injected", 0, 1, "crash"))
	events := []Event{workerEvent("worker-exited", 5, 1, "crash"), workerEvent("worker-ready", 100, 3, "")}
	run := func() []Point {
		state := injected
		var got []Point
		for _, event := range events {
			var points []Point
			state, points = Convert(state, event)
			got = append(got, points...)
		}
		return got
	}
	first, second := run(), run()
	if !reflect.DeepEqual(first, second) {
		t.Fatalf("replaying from the same state gave different points:\n %+v\n %+v", first, second)
	}
	if _, again := Convert(start, workerEvent("worker-exited", 5, 1, "crash")); !reflect.DeepEqual(again, []Point{ready(1), restart("crash")}) {
		t.Fatalf("the seed state was changed by later events: %+v", again)
	}
}

func TestParseEventReadsTheStreamLine(t *testing.T) {
	t.Parallel()
	line := []byte(`{"type":"chaos-injected","time":"2026-11-21T05:40:18.123Z","pool":"default","faultId":3,"kind":"crash","workerIds":[1],"pids":[42],"durationMs":null}`)
	event, err := ParseEvent(line)
	if err != nil {
		t.Fatal(err)
	}
	faultID := int64(3)
	want := Event{Type: "chaos-injected", Time: time.Date(2026, 11, 21, 5, 40, 18, 123_000_000, time.UTC), Pool: "default", FaultID: &faultID, Kind: "crash"}
	if !reflect.DeepEqual(event, want) {
		t.Fatalf("got %+v, want %+v", event, want)
	}
	if _, err := ParseEvent([]byte(`{"type":`)); err == nil {
		t.Fatal("a cut line parsed without an error")
	}
}
