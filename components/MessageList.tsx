import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ListRow } from '../lib/ui/list-row';
import { t, uiLanguage } from '../lib/i18n';
import { FALLBACK_VIEWPORT, itemRange, layoutList, OVERSCAN } from '../lib/ui/list-layout';
import { formatDay } from '../lib/ui/time-format';
import { MessageRow } from './MessageRow';

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

/**
 * The message list under day headings, windowed: however many messages there are (20 000 in
 * the benchmark), only the items in view are in the DOM, each placed at the offset the layout
 * computed (lib/ui/list-layout.ts); the list's full height keeps the scrollbar true.
 */
export function MessageList(props: Props) {
  const { rows, selectedMid, now } = props;
  const viewportRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const frame = useRef(0);
  const layout = useMemo(() => layoutList(rows), [rows]);

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || FALLBACK_VIEWPORT));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const selectedIndex = selectedMid === null ? -1 : rows.findIndex((r) => r.mid === selectedMid);
  const selectedItem = selectedIndex >= 0 ? layout.itemOfRow[selectedIndex]! : -1;

  // Keyboard moves: scroll the selected row into view (with its day heading when it is the
  // day's first), then focus it.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el || props.focusToken === 0 || selectedItem < 0) return;
    const item = layout.items[selectedItem]!;
    const above = layout.items[selectedItem - 1];
    const top = above?.kind === 'day' ? above.top : item.top;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (item.top + item.height > el.scrollTop + el.clientHeight) {
      el.scrollTop = item.top + item.height - el.clientHeight;
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

  const { start, end } = itemRange(layout, scrollTop, viewport, OVERSCAN);
  const indices: number[] = [];
  for (let i = start; i < end; i++) indices.push(i);
  // The selected row stays rendered (and focusable) even when scrolled out of the window.
  if (selectedItem >= 0 && (selectedItem < start || selectedItem >= end)) {
    indices.push(selectedItem);
  }
  const firstRowShown = layout.items.slice(start, end).find((item) => item.kind === 'row');
  const tabbableIndex =
    selectedIndex >= 0 ? selectedIndex : firstRowShown?.kind === 'row' ? firstRowShown.index : 0;
  const locale = uiLanguage();
  const words = { today: t('dayToday'), yesterday: t('dayYesterday') };

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
        style={{ height: `${layout.height}px` }}
      >
        {indices.map((i) => {
          const item = layout.items[i]!;
          if (item.kind === 'day') {
            // A heading among the rows; each row also says its own date and time.
            return (
              <li
                key={`day-${item.key}`}
                class="day-heading"
                style={{ top: `${item.top}px`, height: `${item.height}px` }}
                data-testid="day-heading"
              >
                {formatDay(item.time, now, locale, words)}
              </li>
            );
          }
          const row = rows[item.index]!;
          return (
            <MessageRow
              key={row.mid}
              row={row}
              index={item.index}
              total={rows.length}
              top={item.top}
              height={item.height}
              selected={item.index === selectedIndex}
              tabbable={item.index === tabbableIndex}
              now={now}
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
