package exports

// PageSize lets the tests make every query page small, so a few rows cover
// the paging of a large workspace.
var PageSize = &pageSize
