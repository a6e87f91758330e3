//go:build pprof

package main

// Built with -tags pprof, the binary serves net/http/pprof on
// 127.0.0.1:6060 for profiling under load. Release builds leave it out.

import (
	"net/http"
	_ "net/http/pprof"
)

func init() {
	go func() { _ = http.ListenAndServe("127.0.0.1:6060", nil) }()
}
