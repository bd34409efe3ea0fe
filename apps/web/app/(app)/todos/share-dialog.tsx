"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef, useState } from "react";

import { Button } from "@/components/button";
import { SelectField, TextField } from "@/components/form-fields";
import { Notice } from "@/components/notice";
import {
  changeMemberRole,
  errorMessage,
  inviteToList,
  type ListMember,
  listMembers,
  type Role,
  removeMember,
  type TodoList,
} from "@/lib/api-client";
import { roleValues } from "@/lib/api-types";

import { LIVE_REFRESH_MS, listKeys } from "./use-lists";

const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer (reads)",
  editor: "Editor (adds and changes todos)",
  owner: "Owner (also shares and deletes)",
};
const ROLE_OPTIONS = roleValues.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

interface ShareDialogProps {
  list: TodoList;
  userId: string;
  /** After the person left the list: the page shows another. */
  onLeft: () => void;
}

/**
 * Who is in the list, and for owners: inviting by email, changing roles, removing members. Any member
 * can leave; the last owner is told why they cannot.
 */
export function ShareDialog({ list, userId, onLeft }: ShareDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
        className="rounded-md border border-line-strong px-3 py-2 text-sm font-medium text-ink hover:bg-subtle"
      >
        {list.role === "owner" ? "Share" : "Members"}
      </button>
      <dialog
        ref={dialog}
        aria-labelledby="share-dialog-heading"
        onClose={() => setOpen(false)}
        className="m-auto w-full max-w-lg rounded-xl border border-line bg-surface p-5 text-ink shadow-lg backdrop:bg-black/40"
      >
        {open && (
          <ShareDialogBody
            list={list}
            userId={userId}
            onLeft={onLeft}
            onClose={() => dialog.current?.close()}
          />
        )}
      </dialog>
    </>
  );
}

function ShareDialogBody({ list, userId, onLeft, onClose }: ShareDialogProps & { onClose: () => void }) {
  const queryClient = useQueryClient();
  const isOwner = list.role === "owner";
  const members = useQuery({
    queryKey: listKeys.members(list.id),
    queryFn: () => listMembers(list.id),
    refetchInterval: LIVE_REFRESH_MS,
  });
  const [feedback, setFeedback] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const report = (error: unknown) => setFeedback({ tone: "error", text: errorMessage(error) });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: listKeys.members(list.id) }),
      queryClient.invalidateQueries({ queryKey: listKeys.all }),
    ]);

  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: ListMember; role: Role }) =>
      changeMemberRole(list.id, member.user_id, role),
    onSuccess: async (member) => {
      await refresh();
      setFeedback({ tone: "success", text: `${member.name || member.email} is now ${member.role}.` });
    },
    onError: report,
  });
  const remove = useMutation({
    mutationFn: (member: ListMember) => removeMember(list.id, member.user_id),
    onSuccess: async (_, member) => {
      if (member.user_id === userId) {
        onClose();
        onLeft();
        return;
      }
      await refresh();
      setFeedback({ tone: "success", text: `${member.name || member.email} was removed from the list.` });
    },
    onError: report,
  });

  return (
    <div className="space-y-5">
      <div className="flex items-start justify-between gap-3">
        <h2 id="share-dialog-heading" className="text-lg font-semibold">
          {isOwner ? `Share “${list.name}”` : `Members of “${list.name}”`}
        </h2>
        <Button variant="quiet" onClick={onClose}>
          Close
        </Button>
      </div>
      {isOwner && <InviteForm list={list} onFeedback={setFeedback} />}
      <div className="min-h-5">{feedback && <Notice tone={feedback.tone}>{feedback.text}</Notice>}</div>
      <section aria-labelledby="members-heading" className="space-y-2">
        <h3 id="members-heading" className="font-medium">
          Members
        </h3>
        {members.isError && <Notice tone="error">{errorMessage(members.error)}</Notice>}
        <ul className="divide-y divide-line" data-testid="list-members">
          {members.data?.map((member) => {
            const who = member.name || member.email;
            const self = member.user_id === userId;
            return (
              <li
                key={member.user_id}
                className="flex flex-wrap items-center gap-2 py-2"
                data-testid="list-member"
              >
                <div className="min-w-0 flex-1">
                  <p className="truncate font-medium">
                    {who}
                    {self && " (you)"}
                  </p>
                  <p className="truncate text-sm text-muted">{member.email}</p>
                </div>
                {isOwner ? (
                  <select
                    aria-label={`Role of ${who}`}
                    value={member.role}
                    disabled={changeRole.isPending}
                    onChange={(event) => changeRole.mutate({ member, role: event.target.value as Role })}
                    className="rounded-md border border-line-strong bg-surface py-2 pr-9 pl-2 text-sm"
                  >
                    {roleValues.map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                ) : (
                  <span className="text-sm text-ink-soft">{member.role}</span>
                )}
                {(isOwner || self) && (
                  <Button
                    variant="quiet"
                    aria-label={self ? "Leave this list" : `Remove ${who} from the list`}
                    onClick={() => remove.mutate(member)}
                    disabled={remove.isPending}
                  >
                    {self ? "Leave" : "Remove"}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}

function InviteForm({
  list,
  onFeedback,
}: {
  list: TodoList;
  onFeedback: (feedback: { tone: "success" | "error"; text: string }) => void;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const queryClient = useQueryClient();
  const invite = useMutation({
    mutationFn: () => inviteToList(list.id, { email: email.trim(), role }),
    onSuccess: (invitation) => {
      // The list now has an invitation out: the page follows it closely until the invitee joins.
      void queryClient.invalidateQueries({ queryKey: listKeys.all });
      if (!invitation.mailed) {
        onFeedback({
          tone: "error",
          text: `The invitation to ${invitation.email} could not be mailed: our mail server did not take it. Send it again in a moment.`,
        });
        return;
      }
      onFeedback({
        tone: "success",
        text: `Invitation mailed to ${invitation.email}. They join once they follow its link, by ${new Date(invitation.expires_at).toLocaleDateString()}.`,
      });
      setEmail("");
    },
    onError: (error) => onFeedback({ tone: "error", text: errorMessage(error) }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }
  return (
    <form onSubmit={submit} className="space-y-3" aria-label="Invite by email">
      <TextField
        label="Email address"
        type="email"
        required
        autoComplete="off"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <SelectField
        label="Role"
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
        options={ROLE_OPTIONS}
      />
      <Button type="submit" variant="primary" pending={invite.isPending} pendingLabel="Sending…">
        Send invitation
      </Button>
    </form>
  );
}
