package linker

// ScheduleLinkingFunc is the linking schedule's function, for the tests.
var ScheduleLinkingFunc = scheduleLinking
