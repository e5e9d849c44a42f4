// The SEO fields of an article: meta title and description with their length against
// what search engines show, the slug, and the focus keyword (the task's first
// keyword, which the publisher sends to the SEO plugin).
import { Field, Input, Textarea } from "@/components/ui/Input";
import { cn } from "@/lib/cn";
import { lengthTone, seoLimits } from "./text";

export interface SeoValues {
  meta_title: string;
  meta_description: string;
  slug: string;
}

function Counter({ value, limits, id }: { value: string; limits: readonly [number, number]; id: string }) {
  const len = [...value].length;
  const t = lengthTone(len, limits);
  return (
    <span id={id} className={cn("text-xs tabular-nums", t === "ok" ? "text-green-800 dark:text-green-300" : "text-amber-800 dark:text-amber-300")}>
      {len} / {limits[1]} characters{t === "short" ? ` · aim for at least ${limits[0]}` : t === "long" ? " · search engines cut it" : ""}
    </span>
  );
}

export function SeoPanel({ values, onChange, focusKeyword, editable }: { values: SeoValues; onChange: (patch: Partial<SeoValues>) => void; focusKeyword: string; editable: boolean }) {
  const inTitle = focusKeyword && values.meta_title.toLowerCase().includes(focusKeyword.toLowerCase());
  const inDesc = focusKeyword && values.meta_description.toLowerCase().includes(focusKeyword.toLowerCase());
  return (
    <div className="space-y-4">
      <Field label="Meta title" hint={<Counter id="meta-title-count" value={values.meta_title} limits={seoLimits.meta_title} />}>
        {(p) => <Input {...p} value={values.meta_title} maxLength={200} readOnly={!editable} onChange={(e) => onChange({ meta_title: e.target.value })} />}
      </Field>
      <Field label="Meta description" hint={<Counter id="meta-desc-count" value={values.meta_description} limits={seoLimits.meta_description} />}>
        {(p) => <Textarea {...p} rows={3} value={values.meta_description} maxLength={500} readOnly={!editable} onChange={(e) => onChange({ meta_description: e.target.value })} />}
      </Field>
      <Field label="Slug" hint="The post's address on the site; empty: made from the title.">
        {(p) => <Input {...p} value={values.slug} maxLength={200} readOnly={!editable} onChange={(e) => onChange({ slug: e.target.value })} />}
      </Field>
      <div className="text-sm">
        <p>
          <span className="font-medium">Focus keyword:</span> {focusKeyword || "— (the task has no keywords)"}
        </p>
        {focusKeyword && (
          <ul className="mt-1 list-disc pl-5 text-gray-700 dark:text-gray-300">
            <li>{inTitle ? "In the meta title." : "Not in the meta title yet."}</li>
            <li>{inDesc ? "In the meta description." : "Not in the meta description yet."}</li>
          </ul>
        )}
      </div>
    </div>
  );
}
