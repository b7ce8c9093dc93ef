export { AdminScreen } from './AdminScreen.tsx';
