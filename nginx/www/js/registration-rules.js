// What a registration must state before it is sent for approval: the
// members of the rule row "submit" (G_SUBMIT in auth/policy.c), as the
// registration letter asks of every task.  The server decides; the form
// only tells the person before they send, in the form's order.
export const REQUIRED_TO_SUBMIT = [
  ['name', 'Tên nhiệm vụ'],
  ['responsible_person', 'Người chịu trách nhiệm'],
  ['expected_product', 'Dự kiến sản phẩm'],
  ['deadline', 'Hạn hoàn thành'],
  ['fields', 'Lĩnh vực'],
  ['target', 'Mục tiêu đo lường hiệu quả'],
];

const blank = (v) => v === null || v === undefined
  || (Array.isArray(v) ? v.length === 0 : String(v).replace(/[\s\u00a0\u200b\u00ad\ufeff]/g, '') === '');

/** The required members v leaves blank, as [{field, label}], in order. */
export function missingToSubmit(v) {
  return REQUIRED_TO_SUBMIT.filter(([k]) => blank(v[k])).map(([field, label]) => ({ field, label }));
}
