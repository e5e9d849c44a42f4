package metrics

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/router"
)

// observeRequest times every request and labels it with the route pattern it
// matched (never the raw path, whose ids would make one series per record).
func (s *Set) observeRequest(e *core.RequestEvent) error {
	start := time.Now()
	err := e.Next()
	status := e.Status()
	var apiErr *router.ApiError
	if errors.As(err, &apiErr) {
		status = apiErr.Status
	} else if err != nil {
		status = 500
	}
	if status == 0 {
		status = 200
	}
	s.HTTPDuration.WithLabelValues(e.Request.Method, routeLabel(e.Request.Pattern), strconv.Itoa(status/100)+"xx").
		Observe(time.Since(start).Seconds())
	return err
}

// routeLabel drops the method from a ServeMux pattern ("GET /api/x/{id}").
func routeLabel(pattern string) string {
	if pattern == "" {
		return "unmatched"
	}
	if _, path, ok := strings.Cut(pattern, " "); ok {
		return path
	}
	return pattern
}
