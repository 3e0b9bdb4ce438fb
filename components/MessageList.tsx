import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ListRow } from '../lib/ui/list-row';
import { t } from '../lib/i18n';
import { MessageRow } from './MessageRow';

/** Every row has this height, so the window is arithmetic rather than measured. */
export const ROW_HEIGHT = 60;
/** Rows rendered above and below the viewport, so fast scrolling does not show blanks. */
export const OVERSCAN = 6;
/** Used until the viewport has a size (first paint, and jsdom which has no layout). */
const FALLBACK_VIEWPORT = 480;

interface Props {
  rows: ListRow[];
  /** True while older messages are still being read (the list is not whole yet). */
  busy?: boolean;
  selectedMid: number | null;
  /** Changes when the keyboard moved the selection: the selected row then takes focus. */
  focusToken: number;
  /** Changes with the search and filter: the list then starts at the top again. */
  resetKey: string;
  now: number;
  onOpen: (mid: number) => void;
  onSelect: (mid: number) => void;
  onToggleRead: (mid: number, read: boolean) => void;
  onDelete: (mid: number) => void;
}

/** Which rows to render for a scroll position: the viewport plus overscan. */
export function visibleRange(scrollTop: number, viewport: number, total: number) {
  const start = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(total, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  return { start, end };
}

/**
 * The message list, windowed: however many messages there are (20 000 in the benchmark),
 * only the rows in view are in the DOM; a spacer of the full height keeps the scrollbar true.
 */
export function MessageList(props: Props) {
  const { rows, selectedMid } = props;
  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || FALLBACK_VIEWPORT));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = selectedMid === null ? -1 : rows.findIndex((r) => r.mid === selectedMid);

  // Keyboard moves: scroll the selected row into view, then focus it.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el || props.focusToken === 0 || selectedIndex < 0) return;
    const top = selectedIndex * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
    setScrollTop(el.scrollTop);
    el.querySelector<HTMLElement>(`[data-mid="${selectedMid}"] .row-main`)?.focus();
  }, [props.focusToken]);

  // A new search or filter starts at the top.
  useEffect(() => {
    if (viewportRef.current) viewportRef.current.scrollTop = 0;
    setScrollTop(0);
  }, [props.resetKey]);

  const handleScroll = () => {
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(viewportRef.current?.scrollTop ?? 0));
  };

  if (rows.length === 0) return null;

  const { start, end } = visibleRange(scrollTop, viewport, rows.length);
  const indices: number[] = [];
  for (let i = start; i < end; i++) indices.push(i);
  // The selected row stays rendered (and focusable) even when scrolled out of the window.
  if (selectedIndex >= 0 && (selectedIndex < start || selectedIndex >= end)) {
    indices.push(selectedIndex);
  }
  const tabbableIndex = selectedIndex >= 0 ? selectedIndex : start;

  return (
    <div
      class="list-viewport"
      ref={viewportRef}
      onScroll={handleScroll}
      data-testid="message-list"
      data-total={rows.length}
      aria-busy={props.busy ? 'true' : undefined}
    >
      <ul
        class="list"
        aria-label={t('listLabel', rows.length)}
        style={{ height: `${rows.length * ROW_HEIGHT}px` }}
      >
        {indices.map((i) => {
          const row = rows[i]!;
          return (
            <MessageRow
              key={row.mid}
              row={row}
              index={i}
              total={rows.length}
              top={i * ROW_HEIGHT}
              selected={i === selectedIndex}
              tabbable={i === tabbableIndex}
              now={props.now}
              onOpen={props.onOpen}
              onSelect={props.onSelect}
              onToggleRead={props.onToggleRead}
              onDelete={props.onDelete}
            />
          );
        })}
      </ul>
    </div>
  );
}
