// Package hooks holds igny8's record hooks: secret encryption, tenant
// consistency, plan limits and the audit log. [Register] is its only wiring point.
package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Hook ids, exported so tests and other packages can unbind or order around them.
const (
	HookEncryptSecrets      = "igny8.encryptSecrets"
	HookTenantRelations     = "igny8.tenantRelations"
	HookPlanLimits          = "igny8.planLimits"
	HookRecordIds           = "igny8.recordIds"
	HookBackRelationQueries = "igny8.backRelationQueries"
	HookAuditCreate         = "igny8.auditCreate"
	HookAuditUpdate         = "igny8.auditUpdate"
	HookAuditDelete         = "igny8.auditDelete"
)

// Register binds every hook of the package to app (its `secrets` command
// comes from [Commands]).
func Register(app core.App) error {
	bindSecretEncryption(app)
	bindTenantRelations(app)
	bindRequestOracles(app)
	bindPlanLimits(app)
	bindAuditLog(app)
	bindMailPolicy(app)
	bindSecurityAudit(app)
	bindTwoFactor(app)
	bindSuspendedReadOnly(app)
	bindRouteErrors(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// Commands returns `igny8 secrets` for the real binary; the wiring list
// (modules.RegisterCommands) adds it to the root command.
func Commands(app core.App) []*cobra.Command {
	return []*cobra.Command{NewSecretsCommand(app)}
}
