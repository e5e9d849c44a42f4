package jobs

import (
	"context"
	"fmt"
	"runtime/debug"
)

// outcome is how one attempt's handler ended, handed from the worker
// goroutine to the dispatcher, which stores it.
type outcome struct {
	job *Job
	h   handler
	err error
}

// execute runs job's handler and returns how it ended; storing the outcome
// is the caller's.
func (e *Engine) execute(job *Job) outcome {
	h, ok := e.reg.handler(job.Type())
	timeout := h.opts.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	ctx, cancel := context.WithTimeout(e.baseCtx, timeout)
	defer cancel()
	e.mu.Lock()
	if rs, ok := e.running[job.Id()]; ok {
		rs.cancel = cancel
	}
	e.mu.Unlock()

	var err error
	if !ok {
		err = Permanent(fmt.Errorf("%w: %q", ErrUnknownType, job.Type()))
	} else {
		err = call(ctx, h.fn, job)
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
	}
	return outcome{job: job, h: h, err: err}
}

func call(ctx context.Context, fn HandlerFunc, job *Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("handler panic: %v\n%s", r, debug.Stack())
		}
	}()
	return fn(ctx, job)
}
