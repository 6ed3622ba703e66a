import { costFromUsage, formatUsd } from '../../core/cost';
import { STATUS_TEXT, type Turn, type TurnItem } from '../state/turns';

function Item({ item, model, onRetry }: { item: TurnItem; model: string; onRetry?: (requestId: string) => void }) {
  return (
    <li class={`item ${item.status}`}>
      <div class="item-head">
        <span class="name">{item.targetName}</span>
        <span class="dim">
          {item.size} · {item.quality}
        </span>
        <span class="status">{STATUS_TEXT[item.status]}</span>
      </div>
      {item.finalUrl ? (
        <img src={item.finalUrl} alt={`Generated image for ${item.targetName}`} />
      ) : item.partialUrl ? (
        <img class="partial" src={item.partialUrl} alt={`Partial image ${(item.partialIndex ?? 0) + 1} for ${item.targetName}`} />
      ) : null}
      {item.message && <p class={item.status === 'failed' || item.status === 'not-placed' ? 'error' : 'note'}>{item.message}</p>}
      {item.status === 'failed' && onRetry && (
        <button type="button" class="secondary" aria-label={`Retry ${item.targetName}`} onClick={() => onRetry(item.requestId)}>
          Retry
        </button>
      )}
      {item.usage && item.usage.total_tokens > 0 && (
        <p class="dim">
          {item.usage.total_tokens.toLocaleString('en-US')} tokens · {formatUsd(costFromUsage(model, item.usage))}
        </p>
      )}
    </li>
  );
}

/** Each prompt with the images it produced, newest last. */
export function Chat({ turns, model, onRetry }: { turns: readonly Turn[]; model: string; onRetry?: (requestId: string) => void }) {
  if (turns.length === 0) {
    return <p class="hint">Select placeholder frames, describe what belongs there, press Enter.</p>;
  }
  return (
    <ol class="chat" aria-label="Chat" aria-live="polite">
      {turns.map((turn) => (
        <li key={turn.id} class="turn">
          <p class="prompt">{turn.prompt}</p>
          <ul>
            {turn.items.map((item) => (
              <Item key={item.requestId} item={item} model={model} {...(onRetry ? { onRetry } : {})} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
