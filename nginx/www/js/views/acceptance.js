// The secretariat's queue: tasks approved by their agency's head, waiting
// to be accepted into the committee's programme (or returned).
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { pageHead, notice, empty } from '../ui.js';
import { bulkQueue } from '../bulk-queue.js';
import { taskActionButtons } from '../task-actions.js';

export async function renderAcceptance(ctx) {
  ctx.title('Chờ tiếp nhận');
  const data = await api.tasks.list({ status: 'approved', limit: 200 });
  if (!ctx.isCurrent()) return;
  const reload = () => ctx.reload();
  const errBox = h('div', { class: 'inline-error', role: 'alert' });
  // Oldest first: who has waited longest is decided first.
  const items = [...data.items].sort((a, b) => (b.waiting_days ?? -1) - (a.waiting_days ?? -1));
  replace(ctx.main,
    pageHead('Chờ tiếp nhận', { lead: 'Nhiệm vụ đã được lãnh đạo cơ quan phê duyệt, chờ Tổ giúp việc tiếp nhận vào Chương trình công tác của Ban Chỉ đạo.' }),
    errBox,
    h('section', { class: 'panel', 'aria-labelledby': 'acc-h' },
      h('h2', { id: 'acc-h' }, `Nhiệm vụ chờ tiếp nhận (${items.length}${data.next_cursor ? '+' : ''})`),
      items.length
        ? bulkQueue(items, {
          actions: ['accept', 'return'], caption: 'Nhiệm vụ chờ tiếp nhận',
          onDone: reload, onError: (m) => replace(errBox, notice(m, 'error')),
          rowActions: (t) => {
            const b = taskActionButtons(t, { only: ['accept', 'return'], onDone: reload, onError: (m) => replace(errBox, notice(m, 'error')) });
            return b.length ? h('span', { class: 'row-actions' }, b) : null;
          },
        })
        : empty('Không có nhiệm vụ nào chờ tiếp nhận.'),
      data.next_cursor ? h('p', {}, h('a', { href: '#/tasks?status=approved&agency=all' }, 'Xem toàn bộ danh sách')) : null));
}
