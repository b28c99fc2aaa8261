/** The demo's tags: a few everyday labels, each with a colour the app can show. */
export const DEMO_TAGS: readonly { name: string; color: string }[] = [
  { name: 'urgent', color: '#d64545' },
  { name: 'vip-customer', color: '#8e44ad' },
  { name: 'needs-second-look', color: '#e67e22' },
  { name: 'model-disagreement', color: '#2980b9' },
  { name: 'escalated', color: '#c0392b' },
  { name: 'training-data', color: '#27ae60' },
];
