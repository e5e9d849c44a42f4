// Package ops holds operator commands that ship inside the binary, so the
// container image needs nothing but igny8 itself.
package ops

import (
	"fmt"
	"net/http"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Register extends the health answer for superusers, logs finished jobs and adds the operator
// commands to app's CLI when app is the full PocketBase application (tests
// pass a bare core.App and get no commands).
func Register(app core.App) {
	bindHealth(app)
	bindJobLog(app)
	pb, ok := app.(*pocketbase.PocketBase)
	if !ok {
		return
	}
	pb.RootCmd.AddCommand(healthcheckCommand(), backupCommand(app), restoreCommand(app))
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
