import * as vscode from "vscode";
import { neutraliseLinks } from "../core/text/untrustedText";

/**
 * Every notification the extension shows goes through here. VS Code renders `[label](command:…)` in notification
 * text as a link that runs the command, and these messages embed text the extension did not write (file metadata,
 * paths, server answers), so each message and progress title is neutralised once, at the surface.
 * test/unit/text/notificationSurfaces.test.ts checks that no other file calls the window's notification APIs.
 */
export function showInformation<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showInformationMessage(neutraliseLinks(message), ...actions);
}

export function showError<T extends string>(message: string, ...actions: T[]): Thenable<T | undefined> {
  return vscode.window.showErrorMessage(neutraliseLinks(message), ...actions);
}

/** A cancellable progress notification; its title and every reported message are neutralised. */
export function withNotificationProgress<R>(
  title: string,
  task: (
    progress: vscode.Progress<{ message?: string; increment?: number }>,
    token: vscode.CancellationToken,
  ) => Thenable<R>,
): Thenable<R> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: neutraliseLinks(title), cancellable: true },
    (progress, token) =>
      task(
        {
          report: ({ message, increment }) =>
            progress.report({ increment, message: message === undefined ? undefined : neutraliseLinks(message) }),
        },
        token,
      ),
  );
}
