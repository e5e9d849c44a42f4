package writer

import "github.com/pocketbase/pocketbase/core"

// placeholders until the job engine lands
func generateRoute(e *core.RequestEvent) error { return e.NoContent(501) }
func imagesRoute(e *core.RequestEvent) error   { return e.NoContent(501) }
func reparseRoute(e *core.RequestEvent) error  { return e.NoContent(501) }
