import { describe, expect, it } from "vitest";
import { cadenceText } from "./AutomationPanel";

describe("cadenceText", () => {
  it("reads the scheduler's specs as words", () => {
    expect(cadenceText("@every 6h")).toBe("every 6 hours");
    expect(cadenceText("@every 1h")).toBe("every hour");
    expect(cadenceText("@every 30m")).toBe("every 30 minutes");
    expect(cadenceText("@daily")).toBe("every day");
  });
  it("leaves cron fields as they are", () => {
    expect(cadenceText("0 */3 * * *")).toBe("0 */3 * * *");
  });
});
