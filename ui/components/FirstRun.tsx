import type { ComponentChildren } from 'preact';

/**
 * The first run (issue 19): what Figment needs before it can draw, in plain words, around the connection form
 * (SettingsPanel, its child).
 */
export function FirstRun({ children }: { children: ComponentChildren }) {
  return (
    <section class="first-run" aria-labelledby="first-run-title">
      <h2 id="first-run-title">Connect to your team's Figment server</h2>
      <p>Figment makes images through a small server your team runs (the backend). It keeps the team's OpenAI key, so this plugin never sees it.</p>
      <ul>
        <li>
          <strong>Backend URL</strong>: the server's address, e.g. <code>https://figment.your-company.com</code>, or <code>http://localhost:8787</code> for one started on this computer with <code>npm start</code>.
        </li>
        <li>
          <strong>Access token</strong>: your key to that server. The backend prints it when it starts (and keeps it in its data directory, in the file <code>access-token</code>); ask whoever runs it.
        </li>
        <li>A backend without an OpenAI key runs in demo mode: it draws free placeholder images of the right size, so you can try everything at no cost.</li>
      </ul>
      {children}
    </section>
  );
}
