package linker

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// Decisions a member makes on a link: the single routes' last path element
// and the bulk route's action.
const (
	ActionApprove = "approve"
	ActionReject  = "reject"
	ActionRemove  = "remove"
)

// Actions lists the decisions, in the order the bulk route names them.
var Actions = []string{ActionApprove, ActionReject, ActionRemove}

func conflict(format string, a ...any) error {
	return &tenancy.StateError{Msg: fmt.Sprintf(format, a...)}
}

// decide carries out a member's decision on link within tx: it checks the
// link's state, saves its new status and answers the source article whose
// apply job must run (nil for a rejection, which changes no text). A decision
// the link's state does not allow is a *tenancy.StateError and saves
// nothing. One place for the rules, so a link clicked alone and the same link
// in a bulk selection answer alike.
func decide(tx core.App, link *core.Record, action, by string) (*core.Record, error) {
	status := link.GetString("status")
	var source *core.Record
	switch action {
	case ActionApprove:
		switch status {
		case collections.LinkInserted, collections.LinkRemoving:
			return nil, conflict("This link is %s; remove it first to insert it again.", status)
		}
		var err error
		if source, err = sourceOf(tx, link); err != nil {
			return nil, conflict("The link's source post is not an igny8 article: adopt the post first (POST /api/igny8/contents/{id}/adopt).")
		}
		if status != collections.LinkApproved {
			n, err := activeLinks(tx, source.Id)
			if err != nil {
				return nil, err
			}
			if n >= collections.LinksPerPostMax {
				return nil, conflict("The article already has %d links from igny8, the most per post: remove one first.", collections.LinksPerPostMax)
			}
		}
		link.Set("status", collections.LinkApproved)
	case ActionReject:
		switch status {
		case collections.LinkSuggested, collections.LinkApproved, collections.LinkRejected:
		default:
			return nil, conflict("This link is %s: only a suggestion can be rejected (remove an inserted link).", status)
		}
		link.Set("status", collections.LinkRejected)
	case ActionRemove:
		switch status {
		case collections.LinkInserted, collections.LinkRemoving:
		default:
			return nil, conflict("This link is %s, not in the article: nothing to remove.", status)
		}
		var err error
		if source, err = sourceOf(tx, link); err != nil {
			return nil, conflict("The link's source post is not an igny8 article: igny8 cannot edit it.")
		}
		link.Set("status", collections.LinkRemoving)
	default:
		return nil, fmt.Errorf("unknown link action %q", action)
	}
	link.Set("decided_by", by)
	link.Set("error", "")
	if err := tx.Save(link); err != nil {
		return nil, fmt.Errorf("save link %s: %w", link.Id, err)
	}
	return source, nil
}

// sourceOf is the igny8 article a link goes into, within the link's workspace.
func sourceOf(app core.App, link *core.Record) (*core.Record, error) {
	source, err := app.FindRecordById(collections.Contents, link.GetString("source_content"))
	if err != nil {
		return nil, fmt.Errorf("source of link %s: %w", link.Id, err)
	}
	if source.GetString("tenant") != link.GetString("tenant") {
		return nil, fmt.Errorf("source of link %s is in another workspace", link.Id)
	}
	return source, nil
}
