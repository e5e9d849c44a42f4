// A refresh's reasons: each one's short name as a badge and the server's sentence
// ("last updated 400 days ago (refresh after 180 days)"), in the order found.
import { Badge, type Tone } from "@/components/ui/Badge";
import type { Reason } from "./api";
import { reasonName } from "./refresh";

const tone: Record<string, Tone> = { falling_clicks: "red", falling_position: "red", missing_keywords: "amber", thin: "amber", age: "gray", overlap: "brand" };

export function Reasons({ reasons, testId = "refresh-reasons" }: { reasons: Reason[] | null; testId?: string }) {
  if (!reasons?.length) return <span className="text-gray-600 dark:text-gray-400">—</span>;
  return (
    <ul className="space-y-1" data-testid={testId}>
      {reasons.map((r, i) => (
        <li key={i} className="text-sm break-words">
          <Badge tone={tone[r.code] ?? "gray"} className="mr-1.5">
            {reasonName(r.code)}
          </Badge>
          {r.text}
        </li>
      ))}
    </ul>
  );
}
