import { describe, expect, it } from "vitest";
import { ClientResponseError } from "pocketbase";
import { describeError, fieldMessages } from "./errors";

const err = (status: number, data: unknown) => new ClientResponseError({ status, response: { status, message: "x", data } });

describe("describeError", () => {
  it("names the cause and the next step from the API's codes", () => {
    const p = describeError(err(402, { credits: { code: "igny8_insufficient_credits", message: "m", params: { need: 12, balance: 5 } } }));
    expect(p.code).toBe("igny8_insufficient_credits");
    expect(p.title).toContain("12");
    expect(p.title).toContain("5");
    expect(p.hint).toMatch(/Billing/);
    expect(describeError(err(403, { role: { code: "igny8_role_too_low", message: "m" } })).code).toBe("igny8_role_too_low");
    expect(describeError(err(403, { tenant: { code: "igny8_workspace_suspended", message: "m" } })).title).toMatch(/suspended/);
  });
  it("maps field errors", () => {
    const p = describeError(err(400, { email: { code: "validation_invalid_email", message: "Must be a valid email address." } }));
    expect(p.code).toBe("invalid");
    expect(p.fields).toEqual({ email: "Must be a valid email address." });
  });
  it("never shows a 500's server text", () => {
    const p = describeError(err(500, { error: { code: "igny8_internal", message: "sql: secret detail" } }));
    expect(p.title).not.toContain("secret");
  });
});

describe("fieldMessages", () => {
  it("keeps the server's field messages, igny8 codes included (a template refused at its field)", () => {
    const e = err(400, {
      template: { code: "igny8_unknown_variable", message: "ai: the template uses a variable this prompt does not have: .Titel" },
      slug: { code: "igny8_slug_taken", message: "Another workspace uses this address; pick another." },
    });
    expect(describeError(e).fields).toEqual({});
    expect(fieldMessages(e)).toEqual({
      template: "ai: the template uses a variable this prompt does not have: .Titel",
      slug: "Another workspace uses this address; pick another.",
    });
    expect(fieldMessages(new Error("x"))).toEqual({});
  });
});
