// igny8 admin UI extension: a standing warning while mail is off, so an
// operator knows why nobody receives verification, reset or invitation mail.
const key = "igny8-mail-off";
async function igny8MailWarning() {
  if (!app.pb.authStore.isSuperuser) return;
  let s;
  try { s = await app.pb.settings.getAll(); } catch (e) { return; }
  if (s?.smtp?.enabled) { app.toasts.remove(key); return; }
  app.toasts.error("Mail is off: no SMTP server in Settings → Mail. Invitation links are shown to the inviter; verification and password-reset mail is kept in the mail_log collection.", {key, duration: 24 * 3600 * 1000});
}
app.pb.authStore.onChange(() => { igny8MailWarning(); });
igny8MailWarning();
