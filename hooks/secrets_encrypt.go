package hooks

import (
	"github.com/igny8/igny8/collections"
	"github.com/igny8/igny8/tenancy"
	"github.com/pocketbase/pocketbase/core"
)

// secretFields lists, per collection, the hidden fields stored encrypted.
var secretFields = collections.EncryptedFields

func bindSecretEncryption(app core.App) {
	names := make([]string, 0, len(secretFields))
	for n := range secretFields {
		names = append(names, n)
	}
	fn := func(e *core.RecordEvent) error {
		if err := encryptFields(e.App, e.Record, secretFields[e.Record.Collection().Name]); err != nil {
			return err
		}
		return e.Next()
	}
	app.OnRecordCreate(names...).Bind(collections.Handler(HookEncryptSecrets, fn))
	app.OnRecordUpdate(names...).Bind(collections.Handler(HookEncryptSecrets, fn))
}

func encryptFields(app core.App, rec *core.Record, fields []string) error {
	for _, f := range fields {
		enc, err := tenancy.EncryptSecret(app, rec.GetString(f))
		if err != nil {
			return err
		}
		rec.Set(f, enc)
	}
	return nil
}
