// Dropdown menu on Radix (keyboard navigation, typeahead, focus return), styled here.
// modal={false}: the modal variant's scroll lock injects an inline <style> the CSP refuses.
import * as DM from "@radix-ui/react-dropdown-menu";
import type { ReactNode } from "react";
import { cn } from "@/lib/cn";

export function Menu({ trigger, children, align = "end", label }: { trigger: ReactNode; children: ReactNode; align?: "start" | "end"; label?: string }) {
  return (
    <DM.Root modal={false}>
      <DM.Trigger asChild>{trigger}</DM.Trigger>
      <DM.Portal>
        <DM.Content
          align={align}
          sideOffset={6}
          aria-label={label}
          className="z-50 min-w-48 rounded-lg border border-gray-200 bg-white p-1 text-sm shadow-lg dark:border-gray-800 dark:bg-gray-900"
        >
          {children}
        </DM.Content>
      </DM.Portal>
    </DM.Root>
  );
}

export function MenuItem({ children, onSelect, destructive, disabled }: { children: ReactNode; onSelect?: () => void; destructive?: boolean; disabled?: boolean }) {
  return (
    <DM.Item
      disabled={disabled}
      onSelect={onSelect}
      className={cn(
        "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 outline-none select-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 data-[highlighted]:bg-gray-100 dark:data-[highlighted]:bg-gray-800",
        destructive ? "text-red-700 dark:text-red-400" : "text-gray-800 dark:text-gray-100",
      )}
    >
      {children}
    </DM.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <DM.Label className="px-2 py-1.5 text-xs text-gray-600 dark:text-gray-400">{children}</DM.Label>;
}

export function MenuSeparator() {
  return <DM.Separator className="my-1 h-px bg-gray-200 dark:bg-gray-800" />;
}

export const MenuRadioGroup = DM.RadioGroup;

export function MenuRadioItem({ value, children }: { value: string; children: ReactNode }) {
  return (
    <DM.RadioItem
      value={value}
      className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-gray-800 outline-none select-none data-[highlighted]:bg-gray-100 data-[state=checked]:font-semibold dark:text-gray-100 dark:data-[highlighted]:bg-gray-800"
    >
      <DM.ItemIndicator className="w-3">•</DM.ItemIndicator>
      {children}
    </DM.RadioItem>
  );
}
