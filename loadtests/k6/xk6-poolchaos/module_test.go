package poolchaos

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"go.k6.io/k6/v2/js/modulestest"
	"go.k6.io/k6/v2/lib"
	"go.k6.io/k6/v2/metrics"
)

// fakeAdmin stands in for the poolchaos admin API: POST /chaos, GET /pools/:name, GET /events.
type fakeAdmin struct {
	token  string
	events []string

	mu     sync.Mutex
	bodies []string
}

func (f *fakeAdmin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, code, message string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, `{"error":{"code":%q,"message":%q}}`, code, message)
	}
	if f.token != "" && r.Header.Get("Authorization") != "Bearer "+f.token {
		fail(401, "ERR_ADMIN_UNAUTHORIZED", "send Authorization: Bearer <admin.token>")
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/chaos":
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.bodies = append(f.bodies, string(body))
		f.mu.Unlock()
		var fault struct{ Kind, Pool string }
		_ = json.Unmarshal(body, &fault)
		if fault.Pool == "drained" {
			fail(409, "ERR_CHAOS_NO_TARGET", "pool drained has no ready worker to hit")
			return
		}
		_, _ = fmt.Fprintf(w, `{"faultId":7,"kind":%q,"pool":%q,"affected":[{"workerId":1,"pid":4242}],"injectedAtMs":1800000000000,"endsAtMs":null,"injectedAt":"2027-01-15T08:00:00.000Z","endsAt":null}`, fault.Kind, fault.Pool)
	case r.Method == http.MethodGet && r.URL.Path == "/pools/default":
		_, _ = io.WriteString(w, `{"name":"default","state":"Started","workers":[{"id":1,"state":"ready"},{"id":2,"state":"ready"}]}`)
	case r.Method == http.MethodGet && r.URL.Path == "/events":
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		for _, line := range f.events {
			_, _ = io.WriteString(w, line+"\n")
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	default:
		fail(404, "ERR_ADMIN_NOT_FOUND", r.Method+" "+r.URL.Path)
	}
}

// newTestVU gives a VU past its init context with the module as the global `poolchaos`.
func newTestVU(t *testing.T) (*modulestest.Runtime, chan metrics.SampleContainer) {
	t.Helper()
	runtime := modulestest.NewRuntime(t)
	instance := new(RootModule).NewModuleInstance(runtime.VU)
	if err := runtime.VU.Runtime().Set("poolchaos", instance.Exports().Named); err != nil {
		t.Fatal(err)
	}
	samples := make(chan metrics.SampleContainer, 100)
	registry := runtime.VU.InitEnvField.Registry
	runtime.MoveToVUContext(&lib.State{Samples: samples, Tags: lib.NewVUStateTags(registry.RootTagSet().With("scenario", "faults"))})
	return runtime, samples
}

func run(t *testing.T, runtime *modulestest.Runtime, code string) string {
	t.Helper()
	value, err := runtime.VU.Runtime().RunString(code)
	if err != nil {
		t.Fatalf("script failed: %v", err)
	}
	return value.String()
}

type seenSample struct {
	Metric string
	Value  float64
	Tags   map[string]string
}

func drain(samples chan metrics.SampleContainer) []seenSample {
	var seen []seenSample
	for {
		select {
		case container := <-samples:
			for _, sample := range container.GetSamples() {
				seen = append(seen, seenSample{sample.Metric.Name, sample.Value, sample.Tags.Map()})
			}
		default:
			return seen
		}
	}
}

func TestInject(t *testing.T) {
	t.Parallel()
	t.Run("posts the fault with the token, returns the answer and marks the fault", func(t *testing.T) {
		t.Parallel()
		admin := &fakeAdmin{token: "s3cret"}
		server := httptest.NewServer(admin)
		defer server.Close()
		runtime, samples := newTestVU(t)
		got := run(t, runtime, fmt.Sprintf(`
			const answer = poolchaos.inject({ admin: %q, token: 's3cret', fault: { kind: 'crash', pool: 'default', worker: 'oldest' } });
			[answer.faultId, answer.kind, answer.affected[0].pid, answer.endsAt].join('|')`, server.URL))
		if got != "7|crash|4242|" {
			t.Fatalf("answer seen by the script: %q", got)
		}
		if want := []string{`{"kind":"crash","pool":"default","worker":"oldest"}`}; !reflect.DeepEqual(admin.bodies, want) {
			t.Fatalf("bodies sent: %q", admin.bodies)
		}
		tags := map[string]string{"scenario": "faults", "kind": "crash", "pool": "default", "fault_id": "7"}
		want := []seenSample{{MetricFaultInjected, 1, tags}, {MetricFaultActive, 1, tags}}
		if seen := drain(samples); !reflect.DeepEqual(seen, want) {
			t.Fatalf("samples:\n got  %+v\n want %+v", seen, want)
		}
	})
	tests := []struct {
		name, options, want string
	}{
		{"the server's refusal becomes an Error with its code and status", `{ admin: URL, fault: { kind: 'crash', pool: 'drained' } }`,
			"ERR_CHAOS_NO_TARGET|409|ERR_CHAOS_NO_TARGET: pool drained has no ready worker to hit"},
		{"a wrong token is the server's 401", `{ admin: URL, token: 'wrong', fault: { kind: 'crash', pool: 'default' } }`,
			"ERR_ADMIN_UNAUTHORIZED|401|ERR_ADMIN_UNAUTHORIZED: send Authorization: Bearer <admin.token>"},
		{"bad options are refused before any request", `{ admin: URL }`,
			"ERR_XK6_OPTIONS|0|ERR_XK6_OPTIONS: inject: options.fault must be an object such as {kind: 'crash', pool: 'default'}, got nothing"},
	}
	for _, test := range tests {
		t.Run(test.name, func(t *testing.T) {
			t.Parallel()
			admin := &fakeAdmin{token: "s3cret"}
			server := httptest.NewServer(admin)
			defer server.Close()
			runtime, samples := newTestVU(t)
			options := strings.ReplaceAll(test.options, "URL", fmt.Sprintf("%q", server.URL))
			if !strings.Contains(test.options, "token") {
				options = strings.Replace(options, "{ admin:", "{ token: 's3cret', admin:", 1)
			}
			got := run(t, runtime, `try { poolchaos.inject(`+options+`); 'no error' } catch (e) { [e.code, e.status, e.message].join('|') }`)
			if got != test.want {
				t.Fatalf("got  %q\nwant %q", got, test.want)
			}
			if seen := drain(samples); len(seen) != 0 {
				t.Fatalf("a refused fault was marked: %+v", seen)
			}
		})
	}
	t.Run("an admin address nobody listens on is ERR_XK6_ADMIN_UNREACHABLE", func(t *testing.T) {
		t.Parallel()
		server := httptest.NewServer(&fakeAdmin{})
		address := server.URL
		server.Close()
		runtime, _ := newTestVU(t)
		got := run(t, runtime, fmt.Sprintf(`try { poolchaos.inject({ admin: %q, fault: { kind: 'crash', pool: 'default' } }); 'no error' } catch (e) { e.code }`, address))
		if got != CodeAdminUnreachable {
			t.Fatalf("got %q", got)
		}
	})
}

func TestFollow(t *testing.T) {
	t.Parallel()
	admin := &fakeAdmin{events: []string{
		`{"type":"chaos-injected","time":"2027-01-15T08:00:00.000Z","pool":"default","faultId":7,"kind":"crash","workerIds":[1],"pids":[4242],"durationMs":null}`,
		`{"type":"worker-exited","time":"2027-01-15T08:00:00.004Z","pool":"default","workerId":1,"pid":4242,"code":null,"signal":"SIGKILL","reason":"crash","requestsDispatched":12}`,
		`{"type":"failure-counted","time":"2027-01-15T08:00:00.004Z","pool":"default","workerId":1,"pid":4242,"reason":"crash","failuresInWindow":1,"limit":5}`,
		`{"type":"worker-exited","time":"2027-01-15T08:00:00.004Z","pool":"other","workerId":1,"pid":5151,"code":1,"signal":null,"reason":"crash","requestsDispatched":3}`,
		`not json`,
		`{"type":"worker-spawned","time":"2027-01-15T08:00:00.005Z","pool":"default","workerId":3,"pid":4343,"reason":"crash"}`,
		`{"type":"worker-ready","time":"2027-01-15T08:00:00.250Z","pool":"default","workerId":3,"pid":4343,"startupMs":245}`,
	}}
	server := httptest.NewServer(admin)
	defer server.Close()
	runtime, samples := newTestVU(t)
	got := run(t, runtime, fmt.Sprintf(`
		const s = poolchaos.follow({ admin: %q, durationMs: 300, pool: 'default' });
		[s.total, s.events['worker-exited'], s.events['worker-ready'], s.poolEvents.default['failure-counted'], Object.keys(s.poolEvents).join(','), s.unreadable, s.restarts.crash, s.recoveriesMs.join(','), s.endedBy].join('|')`, server.URL))
	if got != "5|1|1|1|default|1|1|250|duration" {
		t.Fatalf("summary seen by the script: %q", got)
	}
	pool := map[string]string{"scenario": "faults", "pool": "default"}
	want := []seenSample{
		{MetricWorkersReady, 2, pool},
		{MetricWorkersReady, 1, pool},
		{MetricWorkerRestarts, 1, map[string]string{"scenario": "faults", "pool": "default", "reason": "crash"}},
		{MetricWorkersReady, 2, pool},
		{MetricRecoveryDuration, 250, map[string]string{"scenario": "faults", "pool": "default", "kind": "crash"}},
		{MetricDetectionDuration, 5, map[string]string{"scenario": "faults", "pool": "default", "kind": "crash"}},
	}
	if seen := drain(samples); !reflect.DeepEqual(seen, want) {
		t.Fatalf("samples:\n got  %+v\n want %+v", seen, want)
	}
}

func TestFollowThrowsWhenTheStreamIsRefused(t *testing.T) {
	t.Parallel()
	server := httptest.NewServer(&fakeAdmin{token: "s3cret"})
	defer server.Close()
	runtime, _ := newTestVU(t)
	got := run(t, runtime, fmt.Sprintf(`try { poolchaos.follow({ admin: %q, durationMs: 50 }); 'no error' } catch (e) { [e.code, e.status].join('|') }`, server.URL))
	if got != "ERR_ADMIN_UNAUTHORIZED|401" {
		t.Fatalf("got %q", got)
	}
}

func TestCallsFromTheInitContextAreRefused(t *testing.T) {
	t.Parallel()
	runtime := modulestest.NewRuntime(t)
	instance := new(RootModule).NewModuleInstance(runtime.VU)
	if err := runtime.VU.Runtime().Set("poolchaos", instance.Exports().Named); err != nil {
		t.Fatal(err)
	}
	got := run(t, runtime, `try { poolchaos.inject({}); 'no error' } catch (e) { e.message }`)
	if got != "ERR_XK6_OPTIONS: inject: call it from a scenario (or setup) function, not the init context" {
		t.Fatalf("got %q", got)
	}
}
