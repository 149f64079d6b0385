// Package poolchaos is the k6 extension `k6/x/poolchaos`: inject() sends a fault through the poolchaos
// admin API and marks it in every k6 output; follow() turns the server's event stream into k6
// metrics (restarts, recovery times, rapid-fail trips, ready workers). Both block the calling VU, so
// follow() belongs in a scenario of its own (1 VU, 1 iteration).
package poolchaos

import (
	"errors"
	"net/http"
	"time"

	"go.k6.io/k6/v2/js/modules"
	"go.k6.io/k6/v2/metrics"
)

// ImportPath is the name scripts import.
const ImportPath = "k6/x/poolchaos"

func init() {
	modules.Register(ImportPath, new(RootModule))
}

// RootModule is the global module; k6 makes one ModuleInstance per VU from it.
type RootModule struct{}

// ModuleInstance is the module as one VU sees it.
type ModuleInstance struct {
	vu      modules.VU
	metrics map[string]*metrics.Metric
	client  *http.Client
}

var (
	_ modules.Module   = &RootModule{}
	_ modules.Instance = &ModuleInstance{}
)

// NewModuleInstance registers the metrics (it runs in the init context, once per VU; the registry
// hands back the same metric each time).
func (*RootModule) NewModuleInstance(vu modules.VU) modules.Instance {
	return &ModuleInstance{vu: vu, metrics: registerMetrics(vu.InitEnv().Registry), client: &http.Client{}}
}

func registerMetrics(registry *metrics.Registry) map[string]*metrics.Metric {
	return map[string]*metrics.Metric{
		MetricFaultInjected:     registry.MustNewMetric(MetricFaultInjected, metrics.Counter),
		MetricFaultActive:       registry.MustNewMetric(MetricFaultActive, metrics.Gauge),
		MetricWorkerRestarts:    registry.MustNewMetric(MetricWorkerRestarts, metrics.Counter),
		MetricRecoveryDuration:  registry.MustNewMetric(MetricRecoveryDuration, metrics.Trend, metrics.Time),
		MetricDetectionDuration: registry.MustNewMetric(MetricDetectionDuration, metrics.Trend, metrics.Time),
		MetricRapidFailTrips:    registry.MustNewMetric(MetricRapidFailTrips, metrics.Counter),
		MetricWorkersReady:      registry.MustNewMetric(MetricWorkersReady, metrics.Gauge),
	}
}

// Exports names the functions scripts call.
func (mi *ModuleInstance) Exports() modules.Exports {
	return modules.Exports{Named: map[string]any{"inject": mi.Inject, "follow": mi.Follow}}
}

// Inject is inject(options): POST /chaos, then a poolchaos_fault_injected marker and
// poolchaos_fault_active=1 tagged kind, pool, fault_id. Returns the admin API's answer; throws an
// Error with `code` and `status` when the fault was not injected.
func (mi *ModuleInstance) Inject(raw map[string]any) map[string]any {
	if mi.vu.State() == nil {
		mi.throw(optionsError("inject: call it from a scenario (or setup) function, not the init context"))
	}
	options, err := ParseInjectOptions(raw)
	if err != nil {
		mi.throw(err)
	}
	answer, err := Inject(mi.vu.Context(), mi.client, options)
	if err != nil {
		mi.throw(err)
	}
	kind, _ := answer["kind"].(string)
	pool, _ := answer["pool"].(string)
	faultID, _ := answer["faultId"].(float64)
	tags := faultTags(kind, pool, int64(faultID))
	mi.push(Point{Metric: MetricFaultInjected, Value: 1, Tags: tags}, Point{Metric: MetricFaultActive, Value: 1, Tags: tags})
	return answer
}

// Follow is follow(options): blocks for options.durationMs reading the event stream, pushing
// metrics as events arrive; returns the summary. Throws when the stream cannot be opened.
func (mi *ModuleInstance) Follow(raw map[string]any) map[string]any {
	if mi.vu.State() == nil {
		mi.throw(optionsError("follow: call it from a scenario function, not the init context"))
	}
	options, err := ParseFollowOptions(raw)
	if err != nil {
		mi.throw(err)
	}
	summary, err := Follow(mi.vu.Context(), mi.client, options, func(point Point) { mi.push(point) })
	if err != nil {
		mi.throw(err)
	}
	return summary.toJS()
}

// push sends points as samples stamped now, with the VU's current tags (scenario, ...) under the
// point's own.
func (mi *ModuleInstance) push(points ...Point) {
	state := mi.vu.State()
	current := state.Tags.GetCurrentValues()
	now := time.Now()
	samples := make(metrics.Samples, 0, len(points))
	for _, point := range points {
		samples = append(samples, metrics.Sample{
			TimeSeries: metrics.TimeSeries{Metric: mi.metrics[point.Metric], Tags: current.Tags.WithTagsFromMap(point.Tags)},
			Time:       now,
			Value:      point.Value,
			Metadata:   current.Metadata,
		})
	}
	metrics.PushIfNotDone(mi.vu.Context(), state.Samples, samples)
}

// throw raises err in the script as an Error with `code` and `status` (k6's own modules throw the
// same way, by panicking with a runtime error object).
func (mi *ModuleInstance) throw(err error) {
	jsError := mi.vu.Runtime().NewGoError(err)
	var poolchaosError *Error
	if errors.As(err, &poolchaosError) {
		_ = jsError.Set("code", poolchaosError.Code)
		_ = jsError.Set("status", poolchaosError.Status)
	}
	panic(jsError)
}
