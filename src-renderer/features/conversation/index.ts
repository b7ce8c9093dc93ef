export { ConversationPane } from './ConversationPane.tsx';
