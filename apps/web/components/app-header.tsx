import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({ userName }: { userName: string }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex w-full max-w-3xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <p className="font-semibold tracking-tight text-indigo-700">Todo</p>
        <NavLinks />
        <div className="ml-auto flex items-center gap-3">
          <p className="max-w-40 truncate text-sm text-slate-600" data-testid="user-name" title={userName}>
            {userName}
          </p>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
