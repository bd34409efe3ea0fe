import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

export function AppHeader({ userName }: { userName: string }) {
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex w-full max-w-5xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 sm:gap-x-4">
        <p>
          <Logo />
        </p>
        <NavLinks />
        <div className="ml-auto flex items-center gap-2 sm:gap-3">
          <p
            className="max-w-40 truncate text-sm text-muted max-sm:hidden"
            data-testid="user-name"
            title={userName}
          >
            {userName}
          </p>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
