package public

// CacheControlOf exposes cacheControl to the external tests.
var CacheControlOf = cacheControl
