import type { TurnItem } from '../turn';

export interface Turn {
  id: string;
  prompt: string;
  items: TurnItem[];
}

const STATUS_TEXT: Record<TurnItem['status'], string> = {
  queued: 'Queued',
  generating: 'Generating…',
  applying: 'Placing on the canvas…',
  done: 'Done',
  failed: 'Failed',
  stopped: 'Stopped',
};

function Item({ item }: { item: TurnItem }) {
  return (
    <li class={`item ${item.status}`}>
      <div class="item-head">
        <span class="name">{item.targetName}</span>
        <span class="dim">
          {item.size} · {item.quality}
        </span>
        <span class="status" role="status">
          {STATUS_TEXT[item.status]}
        </span>
      </div>
      {item.finalUrl ? (
        <img src={item.finalUrl} alt={`Generated image for ${item.targetName}`} />
      ) : item.partialUrl ? (
        <img class="partial" src={item.partialUrl} alt={`Partial image ${(item.partialIndex ?? 0) + 1} for ${item.targetName}`} />
      ) : null}
      {item.message && <p class={item.status === 'failed' ? 'error' : 'note'}>{item.message}</p>}
      {item.usage && item.usage.output_tokens > 0 && <p class="dim">{item.usage.total_tokens.toLocaleString('en-US')} tokens</p>}
    </li>
  );
}

/** Each prompt with the images it produced, newest last. */
export function Chat({ turns }: { turns: readonly Turn[] }) {
  if (turns.length === 0) {
    return <p class="hint">Select placeholder frames, describe what belongs there, press Enter.</p>;
  }
  return (
    <ol class="chat" aria-label="Chat">
      {turns.map((turn) => (
        <li key={turn.id} class="turn">
          <p class="prompt">{turn.prompt}</p>
          <ul>
            {turn.items.map((item) => (
              <Item key={item.requestId} item={item} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
