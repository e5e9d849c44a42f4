package planner

// Internals the external tests look at.
var (
	UnclusteredQuery = unclusteredQuery
	SiteUnclustered  = siteUnclustered
)
