"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/button";
import { TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import { useCheckedForm } from "@/components/use-checked-form";
import { authClient, runAuthCall } from "@/lib/auth-client";
import { nameError } from "@/lib/credentials";

const NAME_FIELDS = ["name"] as const;

/** The account's name; the next API token carries the new one (token-cache.ts). */
export function ProfileForm({ name }: { name: string }) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, field, failure, pending, onSubmit } = useCheckedForm(
    NAME_FIELDS,
    (values) => ({ name: nameError(values.name) }),
    async (values) => {
      setSaved(null);
      const newName = values.name.trim();
      const outcome = await runAuthCall((observer) => authClient.updateUser({ name: newName }, observer));
      if (!outcome.ok) return outcome.failure.message;
      setSaved(newName);
      router.refresh();
      return null;
    },
    { name },
  );

  return (
    <form noValidate aria-label="Your name" onSubmit={onSubmit} className="space-y-3">
      {failure && <Notice tone="error">{failure}</Notice>}
      {saved && <Notice tone="success">Your name is now “{saved}”.</Notice>}
      <TextField label="Name" autoComplete="name" required error={errors.name} {...field("name")} />
      <Button type="submit" pending={pending} pendingLabel="Saving…">
        Save name
      </Button>
    </form>
  );
}
