package tenancy

import (
	"fmt"

	"github.com/igny8/igny8/collections"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Reencrypt rewrites every stored secret (collections.EncryptedFields) from
// key from to key to, in tx; with all false only values of an old version are
// rewritten (the same key, a new derivation). It checks that every value
// decrypts before it writes any, writes the columns directly (no hooks, no
// `updated` change, no audit entry: the plain values do not change) and
// returns how many values it rewrote.
func Reencrypt(tx core.App, from, to Key, all bool) (int, error) {
	type row struct {
		Id    string `db:"id"`
		Value string `db:"value"`
	}
	type change struct {
		table, field, id, value string
	}
	var changes []change
	for _, table := range collections.EncryptedCollections() {
		for _, field := range collections.EncryptedFields[table] {
			var rows []row
			err := tx.DB().Select("id", field+" AS value").From(table).
				Where(dbx.NewExp("[[" + field + "]] LIKE 'enc:%'")).All(&rows)
			if err != nil {
				return 0, fmt.Errorf("read %s.%s: %w", table, field, err)
			}
			for _, r := range rows {
				if !all && IsCurrent(r.Value) {
					continue
				}
				plain, err := from.Decrypt(r.Value)
				if err != nil {
					return 0, fmt.Errorf("%s %s %s: %w", table, r.Id, field, err)
				}
				enc, err := to.Encrypt(plain)
				if err != nil {
					return 0, err
				}
				changes = append(changes, change{table, field, r.Id, enc})
			}
		}
	}
	for _, c := range changes {
		if _, err := tx.DB().Update(c.table, dbx.Params{c.field: c.value}, dbx.HashExp{"id": c.id}).Execute(); err != nil {
			return 0, fmt.Errorf("write %s %s %s: %w", c.table, c.id, c.field, err)
		}
	}
	return len(changes), nil
}
