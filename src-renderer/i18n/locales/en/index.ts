import admin from './admin.ts';
import app from './app.ts';
import common from './common.ts';
import connection from './connection.ts';
import conversation from './conversation.ts';
import customer from './customer.ts';
import inbox from './inbox.ts';
import notifications from './notifications.ts';
import outbox from './outbox.ts';
import search from './search.ts';
import signIn from './sign-in.ts';

/** The English catalog, one namespace per feature: the source every other language follows. */
export const en = {
  admin,
  app,
  common,
  connection,
  conversation,
  customer,
  inbox,
  notifications,
  outbox,
  search,
  signIn,
};

export const NAMESPACES = Object.keys(en) as Array<keyof typeof en>;
