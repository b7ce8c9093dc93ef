export { CustomerPanel } from './CustomerPanel.tsx';
export { PromiseDialog } from './PromiseDialog.tsx';
