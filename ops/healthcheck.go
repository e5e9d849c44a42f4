// Package ops holds operator commands that ship inside the binary, so the
// container image needs nothing but igny8 itself.
package ops

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Register extends the health answer for superusers and logs finished jobs
// (the operator commands come from [Commands]).
func Register(app core.App) error {
	bindHealth(app)
	bindJobLog(app)
	return nil
}

// MustRegister is [Register] that panics on an error.
func MustRegister(app core.App) {
	if err := Register(app); err != nil {
		panic(err)
	}
}

// Commands returns the operator commands (`healthcheck`, `backup`, `restore`)
// for the real binary; the wiring list (modules.RegisterCommands) adds them
// to the root command.
func Commands(app core.App) []*cobra.Command {
	return []*cobra.Command{healthcheckCommand(), backupCommand(app), restoreCommand(app)}
}

func healthcheckCommand() *cobra.Command {
	var url string
	cmd := &cobra.Command{
		Use:          "healthcheck",
		Short:        "Exit 0 when the server answers /api/health with 200 (for container health checks)",
		SilenceUsage: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return checkHealth(url)
		},
	}
	cmd.Flags().StringVar(&url, "url", "http://127.0.0.1:8090/api/health", "health endpoint to probe")
	return cmd
}

func checkHealth(url string) error {
	client := &http.Client{Timeout: 4 * time.Second}
	res, err := client.Get(url)
	if err != nil {
		return fmt.Errorf("health check: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("health check: %s answered %d", url, res.StatusCode)
	}
	return nil
}
