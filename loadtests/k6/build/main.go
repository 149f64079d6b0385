// Command k6 is k6 v2 with the poolchaos extension compiled in: the same program xk6 generates
// (k6's cmd.Execute plus one blank import per extension), committed with its go.mod and go.sum so
// the dependency set is pinned and reviewed. Build it with `npm run k6:build` (loadtests/k6/build-k6.ts).
package main

import (
	k6cmd "go.k6.io/k6/v2/cmd"

	_ "github.com/poolchaos/xk6-poolchaos"
)

func main() {
	k6cmd.Execute()
}
