import type { RefObject } from 'react';
import { QueueFilters } from './QueueFilters';
import { QueueList } from './QueueList';
import { SearchBox } from './SearchBox';

export function QueuePane({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  return (
    <div className="queue">
      <h2 className="sr-only">Queue</h2>
      <div className="queue__toolbar">
        <SearchBox inputRef={searchRef} />
        <QueueFilters />
      </div>
      <QueueList />
    </div>
  );
}
