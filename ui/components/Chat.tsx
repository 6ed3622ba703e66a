import { costFromUsage, formatUsd } from '../../core/cost';
import { PromptSent } from './ModelControls';
import { STATUS_TEXT, type Turn, type TurnItem } from '../state/turns';

interface Actions {
  onRetry?: (requestId: string) => void;
  onApplyVariant?: (requestId: string, index: number) => void;
}

/** Variations side by side, each with its Apply; the applied one says so, and another can still follow it. */
function Variants({ item, onApply }: { item: TurnItem; onApply?: (requestId: string, index: number) => void }) {
  const variants = item.variants ?? [];
  return (
    <ul class="variations" aria-label={`Variations for ${item.targetName}`}>
      {variants.map((v, i) => (
        <li key={v.url}>
          <img src={v.url} alt={`Variation ${i + 1} of ${item.n ?? variants.length} for ${item.targetName}`} />
          {onApply && (
            <button
              type="button"
              class="secondary"
              aria-label={item.applied === i ? `Variation ${i + 1} applied to ${item.targetName}` : `Apply variation ${i + 1} to ${item.targetName}`}
              disabled={item.status === 'generating' || item.status === 'applying' || item.applied === i}
              onClick={() => onApply(item.requestId, i)}
            >
              {item.applied === i ? 'Applied' : `Apply ${i + 1}`}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

function Item({ item, prompt, onRetry, onApplyVariant }: { item: TurnItem; prompt: string } & Actions) {
  return (
    <li class={`item ${item.status}`}>
      <div class="item-head">
        <span class="name">{item.targetName}</span>
        <span class="dim">
          {item.size} · {item.quality}
        </span>
        <span class="status">{STATUS_TEXT[item.status]}</span>
      </div>
      <PromptSent text={item.prompt ?? prompt} target={item.targetName} />
      {item.variants && item.variants.length > 0 && <Variants item={item} {...(onApplyVariant ? { onApply: onApplyVariant } : {})} />}
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
          {item.usage.total_tokens.toLocaleString('en-US')} tokens · {formatUsd(costFromUsage(item.model, item.usage))}
        </p>
      )}
    </li>
  );
}

/** Each prompt with the images it produced, newest last. */
export function Chat({ turns, ...actions }: { turns: readonly Turn[] } & Actions) {
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
              <Item key={item.requestId} item={item} prompt={turn.prompt} {...actions} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
