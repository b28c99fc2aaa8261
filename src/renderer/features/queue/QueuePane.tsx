import { QueueCount } from './QueueCount';
import { QueueFilters } from './QueueFilters';
import { QueueList } from './QueueList';
import { SearchBox } from './SearchBox';
import { SelectionBar } from './SelectionBar';

/** Search, filters and the windowed list; the list takes the rest of the height and scrolls on its own. */
export function QueuePane() {
  return (
    <div className="queue">
      <div className="queue__toolbar">
        <div className="queue__heading">
          <h1 id="queue-title" className="queue__title">
            Queue
          </h1>
          <QueueCount />
        </div>
        <SearchBox />
        <QueueFilters />
        <SelectionBar />
      </div>
      <QueueList />
    </div>
  );
}
