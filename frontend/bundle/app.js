/* bundle/app.js: written by `python -m tasktracker.frontend_assets` from bundles.json. */

/* js/i18n.js */
/*
 * Interface language (English and Russian) and locale-aware date formatting.
 *
 * The language comes from a choice saved in localStorage, else from the browser's preferred
 * languages. Text in the page is marked with data-i18n* attributes (data-i18n-params holds the
 * parameters of a message, as JSON) and re-applied on every switch; views re-render the rest of
 * their dynamic text on the "tt:languagechange" document event.
 */
(function (window, $) {
  "use strict";

  var STORAGE_KEY = "tasktracker.language";
  var SUPPORTED = ["en", "ru"];

  var messages = {
    en: {
      "app.title": "Task Tracker",
      "app.loading": "Loading…",
      "app.skipToContent": "Skip to content",
      "app.sessionEnded": "Your session has ended. Please log in again.",
      "app.backendUnavailable": "The server cannot be reached. Check your connection and reload the page.",
      "language.label": "Language",
      "header.signup": "Sign up",
      "header.login": "Log in",
      "header.logout": "Log out",
      "header.settings": "Settings",
      "editor.checklist": "Checklist",
      "editor.checklistNew": "Add an item",
      "editor.checklistAdd": "Add",
      "checklist.untitled": "empty item",
      "checklist.done": "Done: {text}",
      "checklist.text": "Checklist item {position}",
      "checklist.up": "Move up: {text}",
      "checklist.down": "Move down: {text}",
      "checklist.delete": "Delete item: {text}",
      "checklist.moved": "{text} moved to position {position} of {count}",
      "checklist.added": "Added: {text}",
      "checklist.deleted": "Deleted: {text}",
      "checklist.progress": "{done} of {count} checklist items done",
      "editor.fieldDue": "Due",
      "editor.fieldDueDate": "Date",
      "editor.fieldDueTime": "Time (optional)",
      "editor.dueClear": "No due date",
      "repeat.legend": "Repeat",
      "repeat.label": "Repeats",
      "repeat.optionNone": "Never",
      "repeat.optionDaily": "Daily",
      "repeat.optionWeekdays": "Weekdays",
      "repeat.optionWeekly": "Weekly",
      "repeat.optionMonthly": "Monthly",
      "repeat.optionYearly": "Yearly",
      "repeat.interval": "Every N",
      "repeat.monthlyOn": "On",
      "repeat.monthlyDay": "day {day}",
      "repeat.monthlyLastWeekday": "the last {weekday}",
      "repeat.monthlyLastDay": "the last day",
      "repeat.days": "Days of the week",
      "repeat.afterCompletion": "Count from the day it is completed",
      "repeat.skip": "Skip this one",
      "repeat.stop": "Stop repeating",
      "repeat.skipFailed": "The task could not be moved to its next date. Try again.",
      "repeat.eachDaily": "Every day",
      "repeat.eachWeekly": "Every week",
      "repeat.eachMonthly": "Every month",
      "repeat.eachYearly": "Every year",
      "repeat.everyDaily": "Every {count} days",
      "repeat.everyWeekly": "Every {count} weeks",
      "repeat.everyMonthly": "Every {count} months",
      "repeat.everyYearly": "Every {count} years",
      "repeat.summaryWeekdays": "Every weekday",
      "repeat.summaryCustom": "Repeats: {rule}",
      "repeat.onDays": " on {days}",
      "repeat.onDay": " on day {day}",
      "repeat.onLastDay": " on the last day",
      "repeat.onLastWeekday": " on the last {weekday}",
      "repeat.afterSuffix": ", counted from completion",
      "repeat.marker": "Repeats: {summary}",
      "repeat.next": "{title} — next: {date}",
      "editor.fieldRemind": "Remind me",
      "editor.remindWhen": "When",
      "editor.remindNone": "No reminder",
      "editor.remindAtDue": "At the due time",
      "editor.remindBefore30": "30 minutes before",
      "editor.remindMorning": "The morning of the due day (09:00)",
      "editor.remindCustom": "At a time I choose",
      "editor.remindCustomField": "Date and time",
      "editor.remindHint": "An email is sent once, at that time in your timezone.",
      "tasks.reminder": "Reminder: {when}",
      "views.label": "Views",
      "views.all": "All tasks",
      "views.today": "Today",
      "views.upcoming": "Upcoming",
      "views.trash": "Trash",
      "trash.heading": "Trash",
      "trash.hint": "Deleted tasks stay here until the date shown, then they are deleted for good.",
      "trash.none": "The trash is empty.",
      "trash.meta": "Deleted {deleted} · deleted for good on {purged}",
      "trash.restore": "Restore",
      "trash.restoreTask": "Restore “{title}”",
      "trash.deleteForever": "Delete forever",
      "trash.deleteForeverTask": "Delete “{title}” forever",
      "trash.empty": "Empty trash",
      "trash.emptyQuestion": "Delete everything in the trash for good? This cannot be undone.",
      "trash.emptyYes": "Yes, empty the trash",
      "trash.emptyNo": "Cancel",
      "trash.emptied": "The trash is empty now.",
      "trash.restored": "“{title}” is back in your tasks.",
      "trash.deletedForever": "“{title}” is deleted for good.",
      "trash.moved": "“{title}” moved to the trash.",
      "trash.loadFailed": "The trash could not be loaded. Show it again to retry.",
      "trash.actionFailed": "That did not work. Try again.",
      "trash.restoreFailed": "The task could not be restored. Find it in the trash.",
      "views.todayHeading": "Today and overdue",
      "views.upcomingHeading": "The next 7 days",
      "views.upcomingEmpty": "Nothing due in the next 7 days.",
      "views.todayCount": {
        one: "{count} task due today or overdue",
        other: "{count} tasks due today or overdue"
      },
      "search.label": "Search tasks",
      "search.hint": "Results appear as you type; Escape clears the search.",
      "search.heading": {
        one: "{count} task matches “{query}”",
        other: "{count} tasks match “{query}”"
      },
      "search.empty": "No tasks match “{query}”.",
      "search.failed": "The search failed. Check your connection and type again.",
      "search.done": "Done",
      "due.today": "Today",
      "due.tomorrow": "Tomorrow",
      "due.yesterday": "Yesterday",
      "due.overdue": "Overdue · {when}",
      "settings.title": "Settings",
      "settings.back": "← Back to tasks",
      "settings.loadError": "The settings could not be loaded. Reload the page to try again.",
      "settings.profile": "Account",
      "settings.email": "Email",
      "settings.password": "Password",
      "settings.identities": "Sign-in providers",
      "settings.sessions": "Sessions",
      "settings.tokens": "Access tokens",
      "settings.delete": "Delete account",
      "tokens.intro": "A token lets a script of yours read or change your tasks through the API, sent as “Authorization: Bearer …”. It cannot change your account.",
      "tokens.name": "Name",
      "tokens.nameHint": "What the token is for, e.g. “backup script”.",
      "tokens.nameRequired": "Enter a name for the token.",
      "tokens.nameTooLong": "The name must be at most 100 characters long.",
      "tokens.scopes": "Permissions",
      "tokens.scopeRead": "Read tasks",
      "tokens.scopeWrite": "Create, change and delete tasks",
      "tokens.scopesRequired": "Choose at least one permission.",
      "tokens.expiry": "Expires after",
      "tokens.days7": "7 days",
      "tokens.days30": "30 days",
      "tokens.days90": "90 days",
      "tokens.days365": "365 days",
      "tokens.daysCustom": "Another number of days…",
      "tokens.days": "Days (1–366)",
      "tokens.daysInvalid": "Enter a whole number of days from 1 to 366.",
      "tokens.create": "Create token",
      "tokens.createdHeading": "Your new token",
      "tokens.createdWarning": "Copy it now and keep it somewhere safe: you will not see it again.",
      "tokens.secretLabel": "The new token",
      "tokens.copy": "Copy",
      "tokens.copied": "Copied to the clipboard.",
      "tokens.copyFailed": "Could not copy: select the token and copy it yourself.",
      "tokens.done": "I have copied it",
      "tokens.listHeading": "Your tokens",
      "tokens.empty": "You have no tokens.",
      "tokens.loadFailed": "Your tokens could not be loaded.",
      "tokens.created": "Created {date}",
      "tokens.lastUsed": "last used {date}",
      "tokens.neverUsed": "never used",
      "tokens.expires": "expires {date}",
      "tokens.expired": "expired {date}",
      "tokens.expiredBadge": "Expired",
      "tokens.revoke": "Revoke",
      "tokens.revokeNamed": "Revoke “{name}”",
      "tokens.revokeConfirm": "Revoke it? Scripts using it stop working at once.",
      "tokens.revokeYes": "Yes, revoke",
      "tokens.revokeNo": "Cancel",
      "calendar.title": "Calendar feed",
      "calendar.intro": "See your open tasks that have a due date in Google Calendar, Apple Calendar or any calendar app that subscribes to an address: tasks with a time as events at that time, the others as all-day events. The app refreshes it on its own, every few hours.",
      "calendar.off": "The feed is off.",
      "calendar.on": "The feed is on. Its address was shown when it was made; if you lost it, make a new one (the old one then stops working).",
      "calendar.create": "Create a feed address",
      "calendar.renew": "Make a new address",
      "calendar.turnOff": "Turn the feed off",
      "calendar.turnedOff": "The feed is off: its address no longer works.",
      "calendar.urlLabel": "Your feed's address",
      "calendar.urlHint": "Keep it private: whoever has it sees these tasks. It is shown only now; a new address turns this one off.",
      "calendar.google": "Google Calendar (on a computer): Other calendars → + → From URL, paste the address, Add calendar.",
      "calendar.apple": "Apple Calendar: File → New Calendar Subscription…, paste the address. On an iPhone: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar.",
      "calendar.copy": "Copy",
      "calendar.copied": "Copied to the clipboard.",
      "calendar.copyFailed": "Could not copy: select the address and copy it yourself.",
      "transfer.title": "Export and import",
      "transfer.exportHeading": "Export",
      "transfer.exportIntro": "Download all your lists and tasks (not the trash): JSON to import them here again, to this account or another, or CSV for a spreadsheet.",
      "transfer.exportJson": "Download JSON",
      "transfer.exportCsv": "Download CSV",
      "transfer.exporting": "Preparing the file…",
      "transfer.exported": "Downloaded {name}.",
      "transfer.importHeading": "Import",
      "transfer.importIntro": "A JSON export of Task Tracker, or a project exported from Todoist as CSV: its sections become lists, sub-tasks checklist items and comments the task's description. Up to 5 MB and 5,000 tasks; the tasks are added after yours.",
      "transfer.file": "File",
      "transfer.import": "Import",
      "transfer.fileRequired": "Choose a file to import.",
      "transfer.fileTooLarge": "The file is larger than 5 MB: import a smaller one.",
      "transfer.created": { one: "{count} task imported", other: "{count} tasks imported" },
      "transfer.listsCreated": { one: "{count} new list", other: "{count} new lists" },
      "transfer.skipped": { one: "{count} row skipped", other: "{count} rows skipped" },
      "transfer.line": "Line {line}: {message}",
      "settings.profileEmail": "Email",
      "settings.timezone": "Timezone",
      "settings.timezoneHint": "Due dates and the daily email follow it.",
      "settings.timezoneNone": "Not set",
      "settings.timezoneDetected": "Detected on this device",
      "settings.timezoneAll": "All timezones",
      "settings.language": "Language",
      "settings.languageHint": "Of this page and of your emails.",
      "settings.digestEnabled": "Send me a daily summary of my tasks",
      "settings.digestHour": "It arrives at",
      "settings.digestHourHint": "In your timezone, {zone}.",
      "settings.digestHourNoZone": "Your timezone is not set: choose it under Account so that this is your local time.",
      "settings.saving": "Saving…",
      "settings.saved": "Saved",
      "settings.notSaved": "Not saved: {message}",
      "settings.currentPassword": "Current password",
      "settings.passwordOthersSignedOut": "Your other devices will be signed out.",
      "settings.changePassword": "Change password",
      "settings.noPassword": "Your account has no password: you sign in with a provider. To set one, we email you a link.",
      "settings.sendSetPassword": "Email me a link to set a password",
      "settings.wrongPassword": "The password is wrong.",
      "settings.passwordChanged": "Your password is changed. Your other devices were signed out.",
      "settings.setPasswordSent": "We sent a link to {email}. It works once, for 30 minutes.",
      "settings.sessionsHint": "The devices signed in to your account.",
      "settings.endOtherSessions": "Sign out all other devices",
      "settings.unknownDevice": "Unknown device",
      "settings.thisDevice": "This device",
      "settings.unknownAddress": "Unknown address",
      "settings.signedIn": "signed in {when}",
      "settings.lastSeen": "last active {when}",
      "settings.endSession": "Sign out",
      "settings.sessionEnded": "The device is signed out.",
      "settings.otherSessionsEnded": "Every other device is signed out.",
      "settings.deleteText": "Deleting your account removes it with all its tasks, sessions and settings. This cannot be undone.",
      "settings.deleteStart": "Delete my account…",
      "settings.deleteWarning": "This is final.",
      "settings.deleteQuestion": "The account {email} and all its tasks will be deleted for good.",
      "settings.deletePassword": "Your password, to confirm",
      "settings.deleteRecentSignIn": "Your account has no password: it can be deleted within 10 minutes of signing in. If you signed in earlier, log out and sign in again first.",
      "settings.deleteConfirm": "Delete my account for good",
      "settings.deleteCancel": "Cancel",
      "settings.deleteSignInAgain": "You signed in more than 10 minutes ago. Log out, sign in again, then delete the account.",
      "settings.deleted": "Your account and all its tasks are deleted.",
      "header.signedInAs": "Signed in as",
      "welcome.heading": "Plan your day",
      "welcome.text": "Task Tracker is a simple to-do list. Sign up or log in to see your tasks.",
      "signup.title": "Create an account",
      "signup.submit": "Sign up",
      "login.title": "Log in",
      "login.submit": "Log in",
      "login.forgot": "Forgot password?",
      "login.passwordChanged": "Your password is changed and you are logged out on every device. Log in with the new password.",
      "oidc.or": "or",
      "oidc.signInWith": "Sign in with {name}",
      "oidc.linkWith": "Link {name}",
      "oidc.unlink": "Unlink {name}",
      "oidc.linkedAs": "{name}: {email}",
      "oidc.none": "No provider is linked to your account.",
      "oidc.intro": "Sign in with an account you already have elsewhere.",
      "oidc.lastWayIn": "This is the only way into your account: set a password or link another provider first.",
      "signinError.cancelled": "Sign-in was cancelled.",
      "signinError.email_unverified": "The provider has not verified this email address, so it cannot sign you in. Verify the address there, or log in with your password and link the provider in Settings.",
      "signinError.email_missing": "The provider did not share an email address, so no account could be found or made.",
      "signinError.identity_taken": "That provider account is already linked to another Task Tracker account.",
      "signinError.provider_already_linked": "Another account of this provider is already linked. Unlink it first.",
      "signinError.not_signed_in": "Log in first, then link the provider in Settings.",
      "signinError.provider_unavailable": "The sign-in provider cannot be reached. Try again later.",
      "signinError.invalid_state": "The sign-in expired or was started in another browser. Please try again.",
      "signinError.generic": "Sign-in with the provider failed. Please try again.",
      "forgot.title": "Reset your password",
      "forgot.text": "Enter the email of your account and we will send you a link to choose a new password.",
      "forgot.submit": "Send the link",
      "forgot.sent": "If an account exists for {email}, we sent it a link. The link works once, for 30 minutes.",
      "reset.title": "Choose a new password",
      "reset.newPassword": "New password",
      "reset.submit": "Set the password",
      "reset.invalidLink": "This link is invalid, used or expired. Ask for a new one: Log in, then “Forgot password?”.",
      "unsubscribe.title": "Stop the nightly digest?",
      "unsubscribe.text": "We will stop sending you the daily summary of your tasks. Your account and tasks stay as they are.",
      "unsubscribe.submit": "Stop the digest",
      "unsubscribe.done": "The nightly digest is off. You can turn it back on in Settings.",
      "unsubscribe.invalidLink": "This unsubscribe link is invalid. Log in and turn the digest off in Settings instead.",
      "form.email": "Email",
      "form.password": "Password",
      "form.passwordConfirm": "Repeat password",
      "form.passwordHint": "At least 8 characters.",
      "form.close": "Close",
      "toast.undo": "Undo",
      "form.fixErrors": "Please correct the highlighted fields.",
      "errors.emailRequired": "Enter your email address.",
      "errors.emailInvalid": "Enter a valid email address.",
      "errors.emailTaken": "This email is already taken.",
      "errors.passwordRequired": "Enter your password.",
      "errors.passwordTooShort": "The password must be at least 8 characters long.",
      "errors.passwordTooLong": "The password must be at most 128 characters long.",
      "errors.passwordMismatch": "The passwords do not match.",
      "errors.invalidCredentials": "Invalid email or password.",
      "errors.tooManyAttemptsSeconds": {
        one: "Too many attempts. Try again in {count} second.",
        other: "Too many attempts. Try again in {count} seconds."
      },
      "errors.tooManyAttemptsMinutes": {
        one: "Too many attempts. Try again in {count} minute.",
        other: "Too many attempts. Try again in {count} minutes."
      },
      "errors.network": "The server cannot be reached. Check your connection and try again.",
      "errors.server": "Something went wrong on the server. Try again later.",
      "errors.forbidden": "The server refused this request. Reload the page and try again.",
      "errors.tooLarge": "This is too much to send at once.",
      "errors.tooManyRequestsSeconds": {
        one: "Too many requests. Try again in {count} second.",
        other: "Too many requests. Try again in {count} seconds."
      },
      "errors.tooManyRequestsMinutes": {
        one: "Too many requests. Try again in {count} minute.",
        other: "Too many requests. Try again in {count} minutes."
      },
      "tasks.newLabel": "New task",
      "tasks.newPlaceholder": "What needs to be done?",
      "tasks.add": "Add",
      "tasks.titleRequired": "Enter a title for the task.",
      "tasks.titleTooLong": "The title must be at most 200 characters long.",
      "tasks.titleInvalid": "The title contains a character that is not allowed.",
      "tasks.descriptionTooLong": "The description must be at most 10,000 characters long.",
      "tasks.descriptionInvalid": "The description contains a character that is not allowed.",
      "tasks.openHeading": "To do",
      "tasks.doneHeading": "Done",
      "order.hint": "Drag a task to another place or onto a list; on a focused task, Alt+↑ and Alt+↓ move it.",
      "order.moved": "Moved to position {position} of {count}",
      "order.movedToList": "Moved to {list}",
      "order.first": "Already first",
      "order.last": "Already last",
      "order.failed": "The task could not be moved. Check your connection and try again.",
      "tasks.doneEmpty": "No finished tasks yet.",
      "tasks.doneAt": "Done {date}",
      "tasks.markDone": "Mark “{title}” as done",
      "tasks.markOpen": "Mark “{title}” as not done",
      "tasks.loadFailed": "Your tasks could not be loaded.",
      "tasks.loadMoreDone": "Show more done tasks",
      "tasks.loadingMoreDone": "Loading more done tasks…",
      "tasks.loadMoreFailed": "More done tasks could not be loaded.",
      "tasks.doneCountMoreLabel": "At least {count} done tasks; more load as you scroll",
      "tasks.retry": "Try again",
      "quickAdd.recognised": "Recognised in the text",
      "quickAdd.hint": "Dates, times and repetition in the text, such as “tomorrow 18:00” or “every Monday”, are recognised; Escape keeps the last one as text.",
      "quickAdd.keepText": "Keep as text: {what}",
      "quickAdd.announce": "Recognised: {what}",
      "quickAdd.kept": "Kept as text: {what}",
      "quickAdd.noRecurrence": "Repeating tasks are not available yet: “{title}” was added without repeating.",
      "editor.title": "Edit task",
      "editor.fieldTitle": "Title",
      "editor.fieldDescription": "Description",
      "editor.fieldDone": "Done",
      "editor.autosaveHint": "Changes are saved automatically.",
      "editor.close": "Close",
      "editor.delete": "Delete",
      "editor.deleteFailed": "The task could not be deleted. Try again.",
      "editor.created": "Created {date}",
      "save.saving": "Saving…",
      "save.saved": "Saved",
      "save.failed": "Not saved",
      "save.retry": "Retry",
      "save.gone": "This task was deleted elsewhere.",
      "save.rejected": "Not saved: {message}",
      "save.background": "Some changes are not saved yet.",
      "save.leaveWarning": "Some changes are not saved yet.",
      "sidebar.label": "Lists",
      "sidebar.toggle": "Lists and views",
      "sidebar.inbox": "Inbox",
      "sidebar.lists": "My lists",
      "sidebar.newList": "New list",
      "sidebar.newListPlaceholder": "New list",
      "sidebar.add": "Add",
      "sidebar.save": "Save",
      "sidebar.nameRequired": "Give the list a name.",
      "sidebar.menu": "Actions for the list {name}",
      "sidebar.rename": "Rename",
      "sidebar.renameLabel": "New name for {name}",
      "sidebar.colour": "Colour",
      "sidebar.noColour": "No colour",
      "sidebar.delete": "Delete list",
      "sidebar.deleted": "List “{name}” and its tasks moved to the trash.",
      "sidebar.openCount": { one: "{count} open task", other: "{count} open tasks" },
      "sidebar.colorRed": "Red",
      "sidebar.colorOrange": "Orange",
      "sidebar.colorYellow": "Yellow",
      "sidebar.colorGreen": "Green",
      "sidebar.colorTeal": "Teal",
      "sidebar.colorBlue": "Blue",
      "sidebar.colorPurple": "Purple",
      "sidebar.colorPink": "Pink",
      "sidebar.colorGray": "Grey",
      "editor.fieldList": "List",
      // Task rows and the editor panel (panel.js)
      "row.list": "List:",
      "row.hasDescription": "Has a description",
      // Keyboard shortcuts (shortcuts.js) and the Undo of completing a task
      "shortcuts.hint": "Press ? for keyboard shortcuts",
      "shortcuts.title": "Keyboard shortcuts",
      "shortcuts.intro": "On the task list, when you are not typing in a field:",
      "shortcuts.or": "or",
      "shortcuts.add": "Add a task",
      "shortcuts.search": "Search",
      "shortcuts.next": "Next task",
      "shortcuts.previous": "Previous task",
      "shortcuts.toggle": "Mark done or not done",
      "shortcuts.edit": "Edit the task",
      "shortcuts.delete": "Move the task to the trash",
      "shortcuts.undo": "Undo",
      "shortcuts.help": "Show these shortcuts",
      "shortcuts.completedToast": "“{title}” is done.",
      "shortcuts.reopened": "Not done: {title}",
      "shortcuts.undone": "Undone.",
      "shortcuts.nothingToUndo": "Nothing to undo.",
      "shortcuts.noTasks": "No tasks here.",
      "shortcuts.first": "This is the first task.",
      "shortcuts.last": "This is the last task.",
      // Design: theme switch and landing page
      "theme.label": "Theme",
      "theme.system": "System",
      "theme.light": "Light",
      "theme.dark": "Dark",
      "welcome.point1": "Inbox, Today and Upcoming keep the day in view.",
      "welcome.point2": "Your own lists, due dates and reminders.",
      "welcome.point3": "Works on your phone and in dark mode.",
      // Offline (offline.js)
      "offline.banner": "You are offline. Showing your tasks as last loaded at {time}; changes are paused.",
      // Header account menu (issue 14)
      "header.account": "Account:",
      "header.preferences": "Language and theme",
      // Empty states, completion toasts (issue 14, polish)
      "empty.noTasks": "No tasks yet: your list starts with the first one.",
      "empty.allDone": "All done: nothing left to do.",
      "empty.addHint": "Type a task above and press Enter; “tomorrow 18:00”, “every Monday” or “#List” in the text set its date, repetition or list. Press Q to get there from anywhere.",
      "empty.addButton": "Add a task",
      "empty.inbox": "Your Inbox is empty: tasks that are in no list land here.",
      "empty.inboxHint": "Add one here, or press Q from anywhere; move it to a list later in its editor.",
      "empty.list": "Nothing to do in “{name}”.",
      "empty.listHint": "A task added here goes into this list; “#” and the list's name in a new task files it here from any view.",
      "empty.today": "Nothing due today.",
      "empty.todayHint": "A task added here is due today; elsewhere, write “today” or “tomorrow 18:00” in a new task.",
      "empty.upcomingHint": "Give a task a date: “tomorrow” or “every Monday” in a new task, or the date in its editor.",
      "empty.doneHint": "Tick a task's box, or press X on it, and it moves here.",
      "empty.addHintTouch": "Type a task above and tap Add; “tomorrow 18:00”, “every Monday” or “#List” in the text set its date, repetition or list.",
      "empty.inboxHintTouch": "Add one here; move it to a list later in its editor.",
      "empty.doneHintTouch": "Tick a task's box and it moves here.",
      "empty.searchHint": "Search looks in titles, descriptions and checklists: try another word or its beginning.",
      "empty.clearSearch": "Clear the search",
      "empty.trashHint": "A deleted task waits here for 30 days and can be restored until then.",
      "completion.nextToast": "“{title}” is done — next: {date}."
    },
    ru: {
      "app.title": "Планировщик задач",
      "app.loading": "Загрузка…",
      "app.skipToContent": "Перейти к содержимому",
      "app.sessionEnded": "Сеанс завершён. Войдите снова.",
      "app.backendUnavailable": "Сервер недоступен. Проверьте подключение и перезагрузите страницу.",
      "language.label": "Язык",
      "header.signup": "Регистрация",
      "header.login": "Войти",
      "header.logout": "Выйти",
      "header.settings": "Настройки",
      "editor.checklist": "Чек-лист",
      "editor.checklistNew": "Добавить пункт",
      "editor.checklistAdd": "Добавить",
      "checklist.untitled": "пустой пункт",
      "checklist.done": "Выполнено: {text}",
      "checklist.text": "Пункт чек-листа {position}",
      "checklist.up": "Выше: {text}",
      "checklist.down": "Ниже: {text}",
      "checklist.delete": "Удалить пункт: {text}",
      "checklist.moved": "{text}: теперь на месте {position} из {count}",
      "checklist.added": "Добавлено: {text}",
      "checklist.deleted": "Удалено: {text}",
      "checklist.progress": "Выполнено пунктов: {done} из {count}",
      "editor.fieldDue": "Срок",
      "editor.fieldDueDate": "Дата",
      "editor.fieldDueTime": "Время (необязательно)",
      "editor.dueClear": "Без срока",
      "repeat.legend": "Повтор",
      "repeat.label": "Повторять",
      "repeat.optionNone": "Никогда",
      "repeat.optionDaily": "Каждый день",
      "repeat.optionWeekdays": "По будням",
      "repeat.optionWeekly": "Каждую неделю",
      "repeat.optionMonthly": "Каждый месяц",
      "repeat.optionYearly": "Каждый год",
      "repeat.interval": "Каждые N",
      "repeat.monthlyOn": "Когда",
      "repeat.monthlyDay": "{day}-го числа",
      "repeat.monthlyLastWeekday": "в последний {weekday}",
      "repeat.monthlyLastDay": "в последний день",
      "repeat.days": "Дни недели",
      "repeat.afterCompletion": "Считать от дня выполнения",
      "repeat.skip": "Пропустить этот раз",
      "repeat.stop": "Больше не повторять",
      "repeat.skipFailed": "Не удалось перенести задачу на следующую дату. Попробуйте снова.",
      "repeat.eachDaily": "Каждый день",
      "repeat.eachWeekly": "Каждую неделю",
      "repeat.eachMonthly": "Каждый месяц",
      "repeat.eachYearly": "Каждый год",
      "repeat.everyDaily": { one: "Каждый {count} день", few: "Каждые {count} дня", many: "Каждые {count} дней", other: "Каждые {count} дня" },
      "repeat.everyWeekly": { one: "Каждую {count} неделю", few: "Каждые {count} недели", many: "Каждые {count} недель", other: "Каждые {count} недели" },
      "repeat.everyMonthly": { one: "Каждый {count} месяц", few: "Каждые {count} месяца", many: "Каждые {count} месяцев", other: "Каждые {count} месяца" },
      "repeat.everyYearly": { one: "Каждый {count} год", few: "Каждые {count} года", many: "Каждые {count} лет", other: "Каждые {count} года" },
      "repeat.summaryWeekdays": "По будням",
      "repeat.summaryCustom": "Повтор: {rule}",
      "repeat.onDays": ": {days}",
      "repeat.onDay": ", {day}-го числа",
      "repeat.onLastDay": ", в последний день",
      "repeat.onLastWeekday": ", в последний {weekday}",
      "repeat.afterSuffix": ", считая от выполнения",
      "repeat.marker": "Повторяется: {summary}",
      "repeat.next": "{title} — следующий раз: {date}",
      "editor.fieldRemind": "Напомнить",
      "editor.remindWhen": "Когда",
      "editor.remindNone": "Без напоминания",
      "editor.remindAtDue": "В срок",
      "editor.remindBefore30": "За 30 минут",
      "editor.remindMorning": "Утром в день срока (09:00)",
      "editor.remindCustom": "В выбранное время",
      "editor.remindCustomField": "Дата и время",
      "editor.remindHint": "Письмо придёт один раз, в это время по вашему часовому поясу.",
      "tasks.reminder": "Напоминание: {when}",
      "views.label": "Представления",
      "views.all": "Все задачи",
      "views.today": "Сегодня",
      "views.upcoming": "Предстоящие",
      "views.trash": "Корзина",
      "trash.heading": "Корзина",
      "trash.hint": "Удалённые задачи хранятся здесь до указанной даты, затем удаляются навсегда.",
      "trash.none": "Корзина пуста.",
      "trash.meta": "Удалена {deleted} · будет удалена навсегда {purged}",
      "trash.restore": "Восстановить",
      "trash.restoreTask": "Восстановить «{title}»",
      "trash.deleteForever": "Удалить навсегда",
      "trash.deleteForeverTask": "Удалить «{title}» навсегда",
      "trash.empty": "Очистить корзину",
      "trash.emptyQuestion": "Удалить всё из корзины навсегда? Это нельзя отменить.",
      "trash.emptyYes": "Да, очистить корзину",
      "trash.emptyNo": "Отмена",
      "trash.emptied": "Корзина очищена.",
      "trash.restored": "Задача «{title}» восстановлена.",
      "trash.deletedForever": "Задача «{title}» удалена навсегда.",
      "trash.moved": "Задача «{title}» перемещена в корзину.",
      "trash.loadFailed": "Не удалось загрузить корзину. Откройте её снова, чтобы повторить.",
      "trash.actionFailed": "Не получилось. Попробуйте снова.",
      "trash.restoreFailed": "Не удалось восстановить задачу. Она в корзине.",
      "views.todayHeading": "Сегодня и просроченные",
      "views.upcomingHeading": "Ближайшие 7 дней",
      "views.upcomingEmpty": "В ближайшие 7 дней сроков нет.",
      "views.todayCount": {
        one: "{count} задача на сегодня или просрочена",
        few: "{count} задачи на сегодня или просрочены",
        many: "{count} задач на сегодня или просрочены",
        other: "{count} задачи на сегодня или просрочены"
      },
      "search.label": "Поиск задач",
      "search.hint": "Результаты появляются по мере ввода; Escape очищает поиск.",
      "search.heading": {
        one: "{count} задача по запросу «{query}»",
        few: "{count} задачи по запросу «{query}»",
        many: "{count} задач по запросу «{query}»",
        other: "{count} задачи по запросу «{query}»"
      },
      "search.empty": "Нет задач по запросу «{query}».",
      "search.failed": "Поиск не удался. Проверьте подключение и наберите запрос снова.",
      "search.done": "Выполнена",
      "due.today": "Сегодня",
      "due.tomorrow": "Завтра",
      "due.yesterday": "Вчера",
      "due.overdue": "Просрочено · {when}",
      "settings.title": "Настройки",
      "settings.back": "← К задачам",
      "settings.loadError": "Не удалось загрузить настройки. Обновите страницу, чтобы попробовать снова.",
      "settings.profile": "Аккаунт",
      "settings.email": "Письма",
      "settings.password": "Пароль",
      "settings.identities": "Вход через внешние сервисы",
      "settings.sessions": "Сеансы",
      "settings.tokens": "Токены доступа",
      "settings.delete": "Удаление аккаунта",
      "tokens.intro": "Токен позволяет вашему скрипту читать или менять ваши задачи через API; он передаётся как «Authorization: Bearer …». Менять аккаунт токен не может.",
      "tokens.name": "Название",
      "tokens.nameHint": "Для чего токен, например «скрипт резервного копирования».",
      "tokens.nameRequired": "Введите название токена.",
      "tokens.nameTooLong": "Название должно быть не длиннее 100 символов.",
      "tokens.scopes": "Права",
      "tokens.scopeRead": "Читать задачи",
      "tokens.scopeWrite": "Создавать, менять и удалять задачи",
      "tokens.scopesRequired": "Выберите хотя бы одно право.",
      "tokens.expiry": "Срок действия",
      "tokens.days7": "7 дней",
      "tokens.days30": "30 дней",
      "tokens.days90": "90 дней",
      "tokens.days365": "365 дней",
      "tokens.daysCustom": "Другое число дней…",
      "tokens.days": "Дней (1–366)",
      "tokens.daysInvalid": "Введите целое число дней от 1 до 366.",
      "tokens.create": "Создать токен",
      "tokens.createdHeading": "Ваш новый токен",
      "tokens.createdWarning": "Скопируйте его сейчас и сохраните в надёжном месте: больше вы его не увидите.",
      "tokens.secretLabel": "Новый токен",
      "tokens.copy": "Копировать",
      "tokens.copied": "Скопировано в буфер обмена.",
      "tokens.copyFailed": "Не удалось скопировать: выделите токен и скопируйте его сами.",
      "tokens.done": "Я скопировал токен",
      "tokens.listHeading": "Ваши токены",
      "tokens.empty": "У вас нет токенов.",
      "tokens.loadFailed": "Не удалось загрузить токены.",
      "tokens.created": "Создан {date}",
      "tokens.lastUsed": "использован {date}",
      "tokens.neverUsed": "ни разу не использован",
      "tokens.expires": "действует до {date}",
      "tokens.expired": "истёк {date}",
      "tokens.expiredBadge": "Истёк",
      "tokens.revoke": "Отозвать",
      "tokens.revokeNamed": "Отозвать «{name}»",
      "tokens.revokeConfirm": "Отозвать токен? Скрипты с ним сразу перестанут работать.",
      "tokens.revokeYes": "Да, отозвать",
      "tokens.revokeNo": "Отмена",
      "calendar.title": "Календарь",
      "calendar.intro": "Открытые задачи со сроком — в Google Календаре, Apple Календаре или любом приложении, которое подписывается на календарь по адресу: задачи со временем как события в это время, остальные как события на весь день. Приложение само обновляет его раз в несколько часов.",
      "calendar.off": "Календарь выключен.",
      "calendar.on": "Календарь включён. Его адрес был показан, когда его создали; если вы его потеряли, создайте новый (старый тогда перестанет работать).",
      "calendar.create": "Создать адрес календаря",
      "calendar.renew": "Создать новый адрес",
      "calendar.turnOff": "Выключить календарь",
      "calendar.turnedOff": "Календарь выключен: его адрес больше не работает.",
      "calendar.urlLabel": "Адрес вашего календаря",
      "calendar.urlHint": "Не показывайте его никому: по нему видны эти задачи. Он показан только сейчас; новый адрес отключает этот.",
      "calendar.google": "Google Календарь (на компьютере): Другие календари → + → Добавить по URL, вставьте адрес, Добавить календарь.",
      "calendar.apple": "Apple Календарь: Файл → Новая подписка на календарь…, вставьте адрес. На iPhone: Настройки → Календарь → Учётные записи → Новая учётная запись → Другое → Подписной календарь.",
      "calendar.copy": "Копировать",
      "calendar.copied": "Скопировано в буфер обмена.",
      "calendar.copyFailed": "Не удалось скопировать: выделите адрес и скопируйте его сами.",
      "transfer.title": "Экспорт и импорт",
      "transfer.exportHeading": "Экспорт",
      "transfer.exportIntro": "Скачайте все свои списки и задачи (кроме корзины): JSON, чтобы импортировать их сюда снова, в этот или другой аккаунт, или CSV для таблицы.",
      "transfer.exportJson": "Скачать JSON",
      "transfer.exportCsv": "Скачать CSV",
      "transfer.exporting": "Готовим файл…",
      "transfer.exported": "Скачан файл {name}.",
      "transfer.importHeading": "Импорт",
      "transfer.importIntro": "JSON-экспорт Планировщика задач или проект, экспортированный из Todoist в CSV: его разделы станут списками, подзадачи — пунктами чек-листа, комментарии — описанием задачи. До 5 МБ и 5000 задач; задачи добавятся после ваших.",
      "transfer.file": "Файл",
      "transfer.import": "Импортировать",
      "transfer.fileRequired": "Выберите файл для импорта.",
      "transfer.fileTooLarge": "Файл больше 5 МБ: импортируйте файл поменьше.",
      "transfer.created": {
        one: "Импортирована {count} задача",
        few: "Импортировано {count} задачи",
        many: "Импортировано {count} задач",
        other: "Импортировано {count} задачи"
      },
      "transfer.listsCreated": {
        one: "{count} новый список",
        few: "{count} новых списка",
        many: "{count} новых списков",
        other: "{count} нового списка"
      },
      "transfer.skipped": {
        one: "{count} строка пропущена",
        few: "{count} строки пропущены",
        many: "{count} строк пропущено",
        other: "{count} строки пропущено"
      },
      "transfer.line": "Строка {line}: {message}",
      "settings.profileEmail": "Почта",
      "settings.timezone": "Часовой пояс",
      "settings.timezoneHint": "По нему считаются сроки и время ежедневного письма.",
      "settings.timezoneNone": "Не выбран",
      "settings.timezoneDetected": "Определён на этом устройстве",
      "settings.timezoneAll": "Все часовые пояса",
      "settings.language": "Язык",
      "settings.languageHint": "Этой страницы и ваших писем.",
      "settings.digestEnabled": "Присылать мне ежедневную сводку задач",
      "settings.digestHour": "Время письма",
      "settings.digestHourHint": "В вашем часовом поясе, {zone}.",
      "settings.digestHourNoZone": "Часовой пояс не выбран: выберите его в разделе «Аккаунт», чтобы это было ваше местное время.",
      "settings.saving": "Сохранение…",
      "settings.saved": "Сохранено",
      "settings.notSaved": "Не сохранено: {message}",
      "settings.currentPassword": "Текущий пароль",
      "settings.passwordOthersSignedOut": "На других ваших устройствах будет выполнен выход.",
      "settings.changePassword": "Сменить пароль",
      "settings.noPassword": "У вашего аккаунта нет пароля: вы входите через внешний сервис. Чтобы задать пароль, мы пришлём ссылку на почту.",
      "settings.sendSetPassword": "Прислать ссылку, чтобы задать пароль",
      "settings.wrongPassword": "Неверный пароль.",
      "settings.passwordChanged": "Пароль изменён. На других ваших устройствах выполнен выход.",
      "settings.setPasswordSent": "Мы отправили ссылку на {email}. Она действует один раз, 30 минут.",
      "settings.sessionsHint": "Устройства, на которых выполнен вход в ваш аккаунт.",
      "settings.endOtherSessions": "Выйти на всех других устройствах",
      "settings.unknownDevice": "Неизвестное устройство",
      "settings.thisDevice": "Это устройство",
      "settings.unknownAddress": "Адрес неизвестен",
      "settings.signedIn": "вход {when}",
      "settings.lastSeen": "активность {when}",
      "settings.endSession": "Завершить",
      "settings.sessionEnded": "Сеанс на устройстве завершён.",
      "settings.otherSessionsEnded": "Сеансы на всех других устройствах завершены.",
      "settings.deleteText": "При удалении аккаунта удаляются все его задачи, сеансы и настройки. Это нельзя отменить.",
      "settings.deleteStart": "Удалить аккаунт…",
      "settings.deleteWarning": "Это необратимо.",
      "settings.deleteQuestion": "Аккаунт {email} и все его задачи будут удалены навсегда.",
      "settings.deletePassword": "Ваш пароль для подтверждения",
      "settings.deleteRecentSignIn": "У вашего аккаунта нет пароля: удалить его можно в течение 10 минут после входа. Если вы вошли раньше, сначала выйдите и войдите снова.",
      "settings.deleteConfirm": "Удалить аккаунт навсегда",
      "settings.deleteCancel": "Отмена",
      "settings.deleteSignInAgain": "Вы вошли больше 10 минут назад. Выйдите, войдите снова и удалите аккаунт.",
      "settings.deleted": "Ваш аккаунт и все его задачи удалены.",
      "header.signedInAs": "Вы вошли как",
      "welcome.heading": "Планируйте свой день",
      "welcome.text": "Планировщик задач — простой список дел. Зарегистрируйтесь или войдите, чтобы увидеть свои задачи.",
      "signup.title": "Регистрация",
      "signup.submit": "Зарегистрироваться",
      "login.title": "Вход",
      "login.submit": "Войти",
      "login.forgot": "Забыли пароль?",
      "login.passwordChanged": "Пароль изменён, выполнен выход на всех устройствах. Войдите с новым паролем.",
      "oidc.or": "или",
      "oidc.signInWith": "Войти через {name}",
      "oidc.linkWith": "Привязать {name}",
      "oidc.unlink": "Отвязать {name}",
      "oidc.linkedAs": "{name}: {email}",
      "oidc.none": "К аккаунту не привязан ни один внешний сервис.",
      "oidc.intro": "Входите с учётной записью, которая у вас уже есть в другом сервисе.",
      "oidc.lastWayIn": "Это единственный способ войти в аккаунт: сначала задайте пароль или привяжите другой сервис.",
      "signinError.cancelled": "Вход отменён.",
      "signinError.email_unverified": "Сервис не подтвердил этот адрес почты, поэтому войти через него нельзя. Подтвердите адрес в сервисе или войдите с паролем и привяжите сервис в настройках.",
      "signinError.email_missing": "Сервис не сообщил адрес почты, поэтому аккаунт не найден и не создан.",
      "signinError.identity_taken": "Эта учётная запись сервиса уже привязана к другому аккаунту Task Tracker.",
      "signinError.provider_already_linked": "Другая учётная запись этого сервиса уже привязана. Сначала отвяжите её.",
      "signinError.not_signed_in": "Сначала войдите, затем привяжите сервис в настройках.",
      "signinError.provider_unavailable": "Сервис входа недоступен. Попробуйте позже.",
      "signinError.invalid_state": "Вход устарел или был начат в другом браузере. Попробуйте ещё раз.",
      "signinError.generic": "Не удалось войти через сервис. Попробуйте ещё раз.",
      "forgot.title": "Сброс пароля",
      "forgot.text": "Введите адрес электронной почты вашей учётной записи, и мы пришлём ссылку для выбора нового пароля.",
      "forgot.submit": "Отправить ссылку",
      "forgot.sent": "Если учётная запись с адресом {email} существует, мы отправили на него ссылку. Она действует один раз в течение 30 минут.",
      "reset.title": "Новый пароль",
      "reset.newPassword": "Новый пароль",
      "reset.submit": "Сохранить пароль",
      "reset.invalidLink": "Ссылка недействительна, уже использована или устарела. Запросите новую: «Войти», затем «Забыли пароль?».",
      "unsubscribe.title": "Отписаться от ежедневной сводки?",
      "unsubscribe.text": "Мы перестанем присылать вам ежедневную сводку по задачам. Учётная запись и задачи останутся как есть.",
      "unsubscribe.submit": "Отписаться",
      "unsubscribe.done": "Ежедневная сводка отключена. Включить её снова можно в настройках.",
      "unsubscribe.invalidLink": "Эта ссылка для отписки недействительна. Войдите и отключите сводку в настройках.",
      "form.email": "Электронная почта",
      "form.password": "Пароль",
      "form.passwordConfirm": "Повторите пароль",
      "form.passwordHint": "Не короче 8 символов.",
      "form.close": "Закрыть",
      "toast.undo": "Отменить",
      "form.fixErrors": "Исправьте отмеченные поля.",
      "errors.emailRequired": "Введите адрес электронной почты.",
      "errors.emailInvalid": "Введите правильный адрес электронной почты.",
      "errors.emailTaken": "Этот адрес уже занят.",
      "errors.passwordRequired": "Введите пароль.",
      "errors.passwordTooShort": "Пароль должен быть не короче 8 символов.",
      "errors.passwordTooLong": "Пароль должен быть не длиннее 128 символов.",
      "errors.passwordMismatch": "Пароли не совпадают.",
      "errors.invalidCredentials": "Неверная почта или пароль.",
      "errors.tooManyAttemptsSeconds": {
        one: "Слишком много попыток. Повторите через {count} секунду.",
        few: "Слишком много попыток. Повторите через {count} секунды.",
        many: "Слишком много попыток. Повторите через {count} секунд.",
        other: "Слишком много попыток. Повторите через {count} секунды."
      },
      "errors.tooManyAttemptsMinutes": {
        one: "Слишком много попыток. Повторите через {count} минуту.",
        few: "Слишком много попыток. Повторите через {count} минуты.",
        many: "Слишком много попыток. Повторите через {count} минут.",
        other: "Слишком много попыток. Повторите через {count} минуты."
      },
      "errors.network": "Сервер недоступен. Проверьте подключение и попробуйте снова.",
      "errors.server": "Ошибка на сервере. Попробуйте позже.",
      "errors.forbidden": "Сервер отклонил запрос. Перезагрузите страницу и попробуйте снова.",
      "errors.tooLarge": "Слишком много данных для одной отправки.",
      "errors.tooManyRequestsSeconds": {
        one: "Слишком много запросов. Повторите через {count} секунду.",
        few: "Слишком много запросов. Повторите через {count} секунды.",
        many: "Слишком много запросов. Повторите через {count} секунд.",
        other: "Слишком много запросов. Повторите через {count} секунды."
      },
      "errors.tooManyRequestsMinutes": {
        one: "Слишком много запросов. Повторите через {count} минуту.",
        few: "Слишком много запросов. Повторите через {count} минуты.",
        many: "Слишком много запросов. Повторите через {count} минут.",
        other: "Слишком много запросов. Повторите через {count} минуты."
      },
      "tasks.newLabel": "Новая задача",
      "tasks.newPlaceholder": "Что нужно сделать?",
      "tasks.add": "Добавить",
      "tasks.titleRequired": "Введите заголовок задачи.",
      "tasks.titleTooLong": "Заголовок должен быть не длиннее 200 символов.",
      "tasks.titleInvalid": "Заголовок содержит недопустимый символ.",
      "tasks.descriptionTooLong": "Описание должно быть не длиннее 10 000 символов.",
      "tasks.descriptionInvalid": "Описание содержит недопустимый символ.",
      "tasks.openHeading": "Нужно сделать",
      "tasks.doneHeading": "Сделано",
      "order.hint": "Перетащите задачу на другое место или в список; у задачи в фокусе — Alt+↑ и Alt+↓.",
      "order.moved": "Перемещено на место {position} из {count}",
      "order.movedToList": "Перемещено в список «{list}»",
      "order.first": "Уже первая",
      "order.last": "Уже последняя",
      "order.failed": "Не удалось переместить задачу. Проверьте подключение и попробуйте ещё раз.",
      "tasks.doneEmpty": "Сделанных задач пока нет.",
      "tasks.doneAt": "Сделано {date}",
      "tasks.markDone": "Отметить «{title}» как сделанную",
      "tasks.markOpen": "Отметить «{title}» как несделанную",
      "tasks.loadFailed": "Не удалось загрузить задачи.",
      "tasks.loadMoreDone": "Показать ещё сделанные задачи",
      "tasks.loadingMoreDone": "Загружаем ещё сделанные задачи…",
      "tasks.loadMoreFailed": "Не удалось загрузить остальные сделанные задачи.",
      "tasks.doneCountMoreLabel": "Сделано не меньше {count}; остальные загрузятся при прокрутке",
      "tasks.retry": "Повторить",
      "quickAdd.recognised": "Распознано в тексте",
      "quickAdd.hint": "Даты, время и повторение в тексте, например «завтра в 18:00» или «каждый понедельник», распознаются; Escape оставляет последнее распознанное текстом.",
      "quickAdd.keepText": "Оставить текстом: {what}",
      "quickAdd.announce": "Распознано: {what}",
      "quickAdd.kept": "Оставлено текстом: {what}",
      "quickAdd.noRecurrence": "Повторяющиеся задачи пока недоступны: «{title}» добавлена без повторения.",
      "editor.title": "Задача",
      "editor.fieldTitle": "Заголовок",
      "editor.fieldDescription": "Описание",
      "editor.fieldDone": "Сделано",
      "editor.autosaveHint": "Изменения сохраняются автоматически.",
      "editor.close": "Закрыть",
      "editor.delete": "Удалить",
      "editor.deleteFailed": "Не удалось удалить задачу. Попробуйте снова.",
      "editor.created": "Создана {date}",
      "save.saving": "Сохранение…",
      "save.saved": "Сохранено",
      "save.failed": "Не сохранено",
      "save.retry": "Повторить",
      "save.gone": "Эта задача удалена в другом окне.",
      "save.rejected": "Не сохранено: {message}",
      "save.background": "Часть изменений ещё не сохранена.",
      "save.leaveWarning": "Часть изменений ещё не сохранена.",
      "sidebar.label": "Списки",
      "sidebar.toggle": "Списки и виды",
      "sidebar.inbox": "Входящие",
      "sidebar.lists": "Мои списки",
      "sidebar.newList": "Новый список",
      "sidebar.newListPlaceholder": "Новый список",
      "sidebar.add": "Добавить",
      "sidebar.save": "Сохранить",
      "sidebar.nameRequired": "Дайте списку название.",
      "sidebar.menu": "Действия со списком {name}",
      "sidebar.rename": "Переименовать",
      "sidebar.renameLabel": "Новое название для {name}",
      "sidebar.colour": "Цвет",
      "sidebar.noColour": "Без цвета",
      "sidebar.delete": "Удалить список",
      "sidebar.deleted": "Список «{name}» и его задачи перемещены в корзину.",
      "sidebar.openCount": {
        one: "{count} открытая задача",
        few: "{count} открытые задачи",
        many: "{count} открытых задач",
        other: "{count} открытой задачи"
      },
      "sidebar.colorRed": "Красный",
      "sidebar.colorOrange": "Оранжевый",
      "sidebar.colorYellow": "Жёлтый",
      "sidebar.colorGreen": "Зелёный",
      "sidebar.colorTeal": "Бирюзовый",
      "sidebar.colorBlue": "Синий",
      "sidebar.colorPurple": "Фиолетовый",
      "sidebar.colorPink": "Розовый",
      "sidebar.colorGray": "Серый",
      "editor.fieldList": "Список",
      // Task rows and the editor panel (panel.js)
      "row.list": "Список:",
      "row.hasDescription": "Есть описание",
      // Keyboard shortcuts (shortcuts.js) and the Undo of completing a task
      "shortcuts.hint": "Нажмите ?, чтобы увидеть сочетания клавиш",
      "shortcuts.title": "Сочетания клавиш",
      "shortcuts.intro": "В списке задач, когда вы не вводите текст в поле:",
      "shortcuts.or": "или",
      "shortcuts.add": "Добавить задачу",
      "shortcuts.search": "Поиск",
      "shortcuts.next": "Следующая задача",
      "shortcuts.previous": "Предыдущая задача",
      "shortcuts.toggle": "Отметить выполненной или невыполненной",
      "shortcuts.edit": "Изменить задачу",
      "shortcuts.delete": "Переместить задачу в корзину",
      "shortcuts.undo": "Отменить",
      "shortcuts.help": "Показать эти сочетания",
      "shortcuts.completedToast": "Задача «{title}» выполнена.",
      "shortcuts.reopened": "Не выполнено: {title}",
      "shortcuts.undone": "Отменено.",
      "shortcuts.nothingToUndo": "Нечего отменять.",
      "shortcuts.noTasks": "Здесь нет задач.",
      "shortcuts.first": "Это первая задача.",
      "shortcuts.last": "Это последняя задача.",
      // Design: theme switch and landing page
      "theme.label": "Тема",
      "theme.system": "Как в системе",
      "theme.light": "Светлая",
      "theme.dark": "Тёмная",
      "welcome.point1": "Входящие, «Сегодня» и «Скоро» держат день перед глазами.",
      "welcome.point2": "Свои списки, сроки и напоминания.",
      "welcome.point3": "Работает на телефоне и в тёмной теме.",
      // Offline (offline.js)
      "offline.banner": "Нет подключения. Показаны задачи в том виде, в каком они загружены в {time}; изменения приостановлены.",
      // Header account menu (issue 14)
      "header.account": "Аккаунт:",
      "header.preferences": "Язык и тема",
      // Empty states, completion toasts (issue 14, polish)
      "empty.noTasks": "Задач пока нет: список начнётся с первой.",
      "empty.allDone": "Всё сделано: дел не осталось.",
      "empty.addHint": "Введите задачу выше и нажмите Enter; «завтра 18:00», «каждый понедельник» или «#Список» в тексте задают срок, повторение или список. Клавиша Q ведёт туда из любого места.",
      "empty.addButton": "Добавить задачу",
      "empty.inbox": "Входящие пусты: сюда попадают задачи без списка.",
      "empty.inboxHint": "Добавьте задачу здесь или нажмите Q в любом месте; в список её можно перенести потом, в редакторе.",
      "empty.list": "В списке «{name}» дел нет.",
      "empty.listHint": "Задача, добавленная здесь, попадает в этот список; «#» и имя списка в новой задаче кладут её сюда из любого вида.",
      "empty.today": "На сегодня сроков нет.",
      "empty.todayHint": "Задача, добавленная здесь, получает срок «сегодня»; в другом месте напишите в задаче «сегодня» или «завтра 18:00».",
      "empty.upcomingHint": "Назначьте задаче срок: «завтра» или «каждый понедельник» в новой задаче или дату в её редакторе.",
      "empty.doneHint": "Отметьте задачу галочкой или нажмите на ней X, и она окажется здесь.",
      "empty.addHintTouch": "Введите задачу выше и нажмите «Добавить»; «завтра 18:00», «каждый понедельник» или «#Список» в тексте задают срок, повторение или список.",
      "empty.inboxHintTouch": "Добавьте задачу здесь; в список её можно перенести потом, в редакторе.",
      "empty.doneHintTouch": "Отметьте задачу галочкой, и она окажется здесь.",
      "empty.searchHint": "Поиск идёт по названиям, описаниям и чек-листам: попробуйте другое слово или его начало.",
      "empty.clearSearch": "Очистить поиск",
      "empty.trashHint": "Удалённая задача хранится здесь 30 дней, и до тех пор её можно восстановить.",
      "completion.nextToast": "Задача «{title}» выполнена — следующий раз: {date}."
    }
  };

  function storedLanguage() {
    try {
      return window.localStorage.getItem(STORAGE_KEY);
    } catch {
      return null; // Storage can be disabled (privacy mode); the browser language still works.
    }
  }

  function detectLanguage() {
    var stored = storedLanguage();
    if (SUPPORTED.indexOf(stored) !== -1) {
      return stored;
    }
    var preferred = window.navigator.languages || [window.navigator.language || "en"];
    for (var i = 0; i < preferred.length; i += 1) {
      var primary = String(preferred[i]).toLowerCase().split("-")[0];
      if (SUPPORTED.indexOf(primary) !== -1) {
        return primary;
      }
    }
    return "en";
  }

  var current = detectLanguage();

  function t(key, params) {
    var text = messages[current][key];
    if (text === undefined) {
      text = messages.en[key] !== undefined ? messages.en[key] : key;
    }
    // A message with plural forms takes the one the language's rules give its "count" parameter
    // (Russian has three: 1 минуту, 3 минуты, 5 минут).
    if (typeof text === "object") {
      text = text[plural(params.count)] || text.other;
    }
    if (params) {
      text = text.replace(/\{(\w+)\}/g, function (match, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match;
      });
    }
    return text;
  }

  // Intl formatters, one per locale and options: building one is slow (a few ms each on a phone,
  // most of the start-up's work when every weekday box or row built its own).
  var formatters = {};

  function dateFormat(locale, options) {
    var key = locale + " " + JSON.stringify(options);
    if (!Object.prototype.hasOwnProperty.call(formatters, key)) {
      formatters[key] = new Intl.DateTimeFormat(locale, options);
    }
    return formatters[key];
  }

  var pluralRules = {};

  function plural(count) {
    if (!Object.prototype.hasOwnProperty.call(pluralRules, current)) {
      pluralRules[current] = new Intl.PluralRules(current);
    }
    return pluralRules[current].select(count);
  }

  // Dates follow the browser's regional format when it is a variant of the interface language
  // (en-GB keeps day-month order), otherwise the interface language itself.
  function dateLocale() {
    var browser = window.navigator.language || current;
    return browser.toLowerCase().split("-")[0] === current ? browser : current;
  }

  function formatDateTime(isoString) {
    var date = new Date(isoString);
    if (isNaN(date.getTime())) {
      return "";
    }
    return dateFormat(dateLocale(), { dateStyle: "medium", timeStyle: "short" }).format(date);
  }

  // A calendar date (YYYY-MM-DD) as a short day: "Fri, 11 Dec".
  function formatDay(isoDate) {
    var date = new Date(isoDate + "T00:00:00Z");
    if (isNaN(date.getTime())) {
      return "";
    }
    return dateFormat(dateLocale(), {
      weekday: "short",
      day: "numeric",
      month: "short",
      timeZone: "UTC"
    }).format(date);
  }

  // Plain DOM calls, and only where the text differs: this runs over the whole page at start,
  // where the page's own English usually needs no change at all.
  function apply(root) {
    var $root = $(root || window.document);
    $root.find("[data-i18n]").each(function () {
      var params = this.getAttribute("data-i18n-params");
      var text = t(this.getAttribute("data-i18n"), params ? JSON.parse(params) : undefined);
      if (this.textContent !== text) {
        this.textContent = text;
      }
    });
    $.each(["placeholder", "aria-label", "title"], function (index, attribute) {
      $root.find("[data-i18n-" + attribute + "]").each(function () {
        var text = t(this.getAttribute("data-i18n-" + attribute));
        if (this.getAttribute(attribute) !== text) {
          this.setAttribute(attribute, text);
        }
      });
    });
    window.document.documentElement.lang = current;
    window.document.title = t("app.title");
  }

  function setLanguage(language) {
    if (SUPPORTED.indexOf(language) === -1 || language === current) {
      return;
    }
    current = language;
    try {
      window.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Not persisted across reloads when storage is disabled; the switch still applies now.
    }
    apply();
    $(window.document).trigger("tt:languagechange", [language]);
  }

  window.TT = window.TT || {};
  window.TT.i18n = {
    t: t,
    apply: apply,
    setLanguage: setLanguage,
    language: function () {
      return current;
    },
    formatDateTime: formatDateTime,
    formatDay: formatDay,
    dateFormat: dateFormat
  };
})(window, window.jQuery);
;

/* js/api.js */
/*
 * The only module that talks HTTP. Every call goes to the API origin from config.js, sends cookies
 * (withCredentials) and resolves to the parsed JSON body or rejects with an ApiError.
 *
 * A 401 on an authenticated call triggers one POST /session/refresh and one retry. The server
 * treats a reused refresh token as theft and revokes the session, so refreshes never overlap: in
 * this page one refresh in flight is shared by every call that needs it, and across the tabs of
 * this browser a Web Lock runs them one after the other, so a later tab sends the cookie the
 * earlier one received. If the session cannot be refreshed, the "unauthenticated" listeners run
 * and the call rejects with an ApiError whose `unauthenticated` flag is set.
 */
(function (window, $) {
  "use strict";

  var baseUrl = String(window.TASKTRACKER_CONFIG.apiUrl).replace(/\/+$/, "");
  var REQUEST_TIMEOUT_MS = 15000;

  function ApiError(status, message, fieldErrors, retryAfterSeconds) {
    this.name = "ApiError";
    this.status = status;
    this.message = message;
    this.fieldErrors = fieldErrors || {};
    this.retryAfterSeconds = retryAfterSeconds;
    this.network = status === 0;
    this.unauthenticated = false;
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;

  function errorFromXhr(xhr) {
    var body = xhr.responseJSON;
    var fieldErrors = {};
    if (body && $.isArray(body.errors)) {
      $.each(body.errors, function (index, item) {
        if (item && item.field && !fieldErrors[item.field]) {
          fieldErrors[item.field] = String(item.message || "");
        }
      });
    }
    var retryAfter = parseInt(xhr.getResponseHeader && xhr.getResponseHeader("Retry-After"), 10);
    return new ApiError(
      xhr.status || 0,
      body && typeof body.message === "string" ? body.message : "",
      fieldErrors,
      isNaN(retryAfter) ? null : retryAfter
    );
  }

  // Told of every call that met no server at all (offline, refused, timed out).
  var networkErrorListeners = $.Callbacks();

  // `body`: sent as JSON, or as it is when it is FormData (a file upload: the browser writes the
  // multipart type and boundary). `dataType` "text" keeps a download's text as it came.
  function send(method, path, body, headers, dataType) {
    var form = window.FormData && body instanceof window.FormData;
    return new Promise(function (resolve, reject) {
      $.ajax({
        url: baseUrl + path,
        method: method,
        data: body === undefined || form ? body : JSON.stringify(body),
        processData: !form,
        contentType: body === undefined || form ? false : "application/json",
        dataType: dataType || "json",
        headers: headers || {},
        timeout: REQUEST_TIMEOUT_MS,
        xhrFields: { withCredentials: true }
      })
        .done(function (payload, textStatus, xhr) {
          resolve({ data: payload === undefined ? null : payload, xhr: xhr });
        })
        .fail(function (xhr, textStatus) {
          if (xhr.status === 0 && textStatus !== "abort") {
            networkErrorListeners.fire();
          }
          reject(errorFromXhr(xhr));
        });
    });
  }

  var unauthenticatedListeners = $.Callbacks();
  var refreshInFlight = null;
  // Bumped by each successful refresh: a call that was sent before the newest refresh finished
  // just retries with the new cookie instead of starting a refresh of its own.
  var refreshGeneration = 0;

  var REFRESH_LOCK = "tasktracker-refresh";

  // navigator.locks exists only in secure contexts (HTTPS, localhost); elsewhere tabs cannot
  // coordinate and each refreshes on its own.
  function acrossTabs(task) {
    var locks = window.navigator.locks;
    return locks && typeof locks.request === "function" ? locks.request(REFRESH_LOCK, task) : task();
  }

  function refreshSession() {
    if (!refreshInFlight) {
      refreshInFlight = acrossTabs(function () {
        return send("POST", "/session/refresh");
      }).then(
        function (response) {
          refreshInFlight = null;
          refreshGeneration += 1;
          return response.data;
        },
        function (error) {
          refreshInFlight = null;
          throw error;
        }
      );
    }
    return refreshInFlight;
  }

  function sessionLost(error) {
    error.unauthenticated = true;
    unauthenticatedListeners.fire();
    return error;
  }

  function authenticated(method, path, body, headers, dataType) {
    var generationAtStart = refreshGeneration;
    return send(method, path, body, headers, dataType).catch(function (error) {
      if (error.status !== 401) {
        throw error;
      }
      var ready = generationAtStart !== refreshGeneration ? Promise.resolve() : refreshSession();
      return ready.then(
        function () {
          return send(method, path, body, headers, dataType).catch(function (retryError) {
            throw retryError.status === 401 ? sessionLost(retryError) : retryError;
          });
        },
        function (refreshError) {
          throw refreshError.status === 401 ? sessionLost(error) : refreshError;
        }
      );
    });
  }

  function data(response) {
    return response.data;
  }

  function versionHeader(version) {
    return version === undefined || version === null ? undefined : { "If-Match": '"' + version + '"' };
  }

  // The `Link: <...>; rel="next"` of a paged list: its address and the `cursor` in it.
  function nextPage(xhr) {
    var link = /<([^>]*)>\s*;\s*rel="next"/.exec(xhr.getResponseHeader("Link") || "");
    var cursor = link && /[?&]cursor=([^&]*)/.exec(link[1]);
    return {
      url: link ? link[1] : null,
      cursor: cursor ? decodeURIComponent(cursor[1].replace(/\+/g, " ")) : null
    };
  }

  window.TT = window.TT || {};
  window.TT.api = {
    ApiError: ApiError,
    onUnauthenticated: function (listener) {
      unauthenticatedListeners.add(listener);
    },
    onNetworkError: function (listener) {
      networkErrorListeners.add(listener);
    },

    currentUser: function () {
      return authenticated("GET", "/user").then(data);
    },
    register: function (fields) {
      return send("POST", "/user", fields).then(data);
    },
    logIn: function (fields) {
      return send("POST", "/session", fields).then(data);
    },
    logOut: function () {
      return send("DELETE", "/session").then(data);
    },
    requestPasswordReset: function (fields) {
      return send("POST", "/password-reset", fields).then(data);
    },
    confirmPasswordReset: function (fields) {
      return send("POST", "/password-reset/confirm", fields).then(data);
    },
    unsubscribe: function (token) {
      return send("POST", "/unsubscribe?token=" + encodeURIComponent(token)).then(data);
    },

    updateUser: function (fields) {
      return authenticated("PATCH", "/user", fields).then(data);
    },
    changePassword: function (fields) {
      return authenticated("POST", "/user/password", fields).then(data);
    },
    deleteAccount: function (fields) {
      return authenticated("DELETE", "/user", fields).then(data);
    },
    listSessions: function () {
      return authenticated("GET", "/user/sessions").then(data);
    },
    endSession: function (id) {
      return authenticated("DELETE", "/user/sessions/" + encodeURIComponent(id)).then(data);
    },
    endOtherSessions: function () {
      return authenticated("DELETE", "/user/sessions").then(data);
    },
    // External OpenID Connect providers: the list, and the address the browser goes to (a
    // navigation, not a call) to sign in with one or, with `link`, to link it to this account.
    listProviders: function () {
      return send("GET", "/auth/providers").then(data);
    },
    // `params`: `next` (a path of the web app), and `link: "true"` or `timezone` (a new account's).
    providerLoginUrl: function (provider, params) {
      return baseUrl + "/auth/oidc/" + encodeURIComponent(provider) + "/login?" + $.param(params);
    },
    listIdentities: function () {
      return authenticated("GET", "/user/identities").then(data);
    },
    unlinkIdentity: function (provider) {
      return authenticated("DELETE", "/user/identities/" + encodeURIComponent(provider)).then(data);
    },

    // GET /events as an EventSource: `handlers` has ready(), task(data), list(data), resync()
    // and closed() (the stream failed and will not come back by itself: refused, or its
    // retries given up). Returns the source, for close().
    openEvents: function (handlers) {
      var source = new window.EventSource(baseUrl + "/events", { withCredentials: true });
      $.each(["ready", "task", "list", "resync"], function (index, name) {
        source.addEventListener(name, function (event) {
          handlers[name](JSON.parse(event.data));
        });
      });
      source.onerror = function () {
        // CONNECTING: the browser reconnects by itself (the retry the server sent); CLOSED:
        // it will not, as when the request was refused.
        if (source.readyState === window.EventSource.CLOSED) {
          handlers.closed();
        }
      };
      return source;
    },

    // One page of GET /tasks (`query`: its parameters, e.g. `cursor`), resolving to
    // {tasks, nextUrl, nextCursor}: the Link header's next page, both null on the last page.
    listTasksPage: function (query) {
      var search = query && !$.isEmptyObject(query) ? "?" + $.param(query) : "";
      return authenticated("GET", "/tasks" + search).then(function (response) {
        var next = nextPage(response.xhr);
        return { tasks: response.data, nextUrl: next.url, nextCursor: next.cursor };
      });
    },
    searchTasks: function (q) {
      return authenticated("GET", "/tasks?q=" + encodeURIComponent(q)).then(data);
    },
    getTask: function (id) {
      return authenticated("GET", "/tasks/" + encodeURIComponent(id)).then(data);
    },
    createTask: function (fields) {
      return authenticated("POST", "/tasks", fields).then(data);
    },
    parseTask: function (fields) {
      return authenticated("POST", "/tasks/parse", fields).then(data);
    },
    updateTask: function (id, fields, version) {
      return authenticated("PATCH", "/tasks/" + encodeURIComponent(id), fields, versionHeader(version)).then(data);
    },
    skipTask: function (id, version) {
      return authenticated("POST", "/tasks/" + encodeURIComponent(id) + "/skip", undefined, versionHeader(version)).then(
        data
      );
    },
    deleteTask: function (id) {
      return authenticated("DELETE", "/tasks/" + encodeURIComponent(id)).then(data);
    },
    // Manual order: `place` is {after_id} or {before_id} (or neither: to the end), and optionally
    // list_id. No If-Match: a place is not an edit another device's copy could contradict.
    moveTask: function (id, place) {
      return authenticated("POST", "/tasks/" + encodeURIComponent(id) + "/move", place).then(data);
    },
    // The trash: deleted tasks, kept until restored or purged (their purge_at).
    listTrash: function () {
      return authenticated("GET", "/trash").then(data);
    },
    restoreTask: function (id) {
      return authenticated("POST", "/tasks/" + encodeURIComponent(id) + "/restore").then(data);
    },
    deleteForever: function (id) {
      return authenticated("DELETE", "/trash/" + encodeURIComponent(id)).then(data);
    },
    emptyTrash: function () {
      return authenticated("DELETE", "/trash").then(data);
    },

    // A download of everything the user owns: its text, media type and file name (to save it).
    exportTasks: function (format) {
      return authenticated("GET", "/export?format=" + encodeURIComponent(format), undefined, undefined, "text").then(
        function (response) {
          var disposition = response.xhr.getResponseHeader("Content-Disposition") || "";
          var named = /filename="([^"]+)"/.exec(disposition);
          return {
            text: response.data,
            type: response.xhr.getResponseHeader("Content-Type") || "application/octet-stream",
            filename: named ? named[1] : "tasktracker." + format
          };
        }
      );
    },
    importTasks: function (file) {
      var form = new window.FormData();
      form.append("file", file);
      return authenticated("POST", "/import", form).then(data);
    },
    getCalendarFeed: function () {
      return authenticated("GET", "/user/calendar-token").then(data);
    },
    newCalendarFeed: function () {
      return authenticated("POST", "/user/calendar-token").then(data);
    },
    turnOffCalendarFeed: function () {
      return authenticated("DELETE", "/user/calendar-token").then(data);
    },

    listLists: function () {
      return authenticated("GET", "/lists").then(data);
    },
    createList: function (fields) {
      return authenticated("POST", "/lists", fields).then(data);
    },
    updateList: function (id, fields) {
      return authenticated("PATCH", "/lists/" + encodeURIComponent(id), fields).then(data);
    },
    deleteList: function (id) {
      return authenticated("DELETE", "/lists/" + encodeURIComponent(id)).then(data);
    },
    restoreList: function (id) {
      return authenticated("POST", "/lists/" + encodeURIComponent(id) + "/restore").then(data);
    },
    // `listId`: a list's id, or "inbox".
    listTasksOf: function (listId) {
      return authenticated("GET", "/tasks?list_id=" + encodeURIComponent(listId)).then(data);
    },

    listAccessTokens: function () {
      return authenticated("GET", "/user/tokens").then(data);
    },
    createAccessToken: function (fields) {
      return authenticated("POST", "/user/tokens", fields).then(data);
    },
    revokeAccessToken: function (id) {
      return authenticated("DELETE", "/user/tokens/" + encodeURIComponent(id)).then(data);
    },

    /*
     * Last-chance save while the page is going away (pagehide): an XHR would be cancelled with the
     * page, a keepalive fetch is not. Without If-Match on purpose: the fields are the user's latest
     * text and an earlier save may still be in flight. The response cannot be read any more.
     */
    updateTaskOnUnload: function (id, fields) {
      if (!window.fetch) {
        return;
      }
      window
        .fetch(baseUrl + "/tasks/" + encodeURIComponent(id), {
          method: "PATCH",
          body: JSON.stringify(fields),
          headers: { "Content-Type": "application/json" },
          credentials: "include",
          keepalive: true
        })
        .catch(function () {
          // Nothing can be shown any more; beforeunload already warned if saves were failing.
        });
    }
  };
})(window, window.jQuery);
;

/* js/saver.js */
/*
 * Autosave for one task: collects field changes, sends them as PATCH requests and never loses one.
 *
 * - Changes are merged into `pending` and sent after a short debounce, or at once on flush()
 *   (blur, checkbox, closing the editor).
 * - At most one request per task is in flight, so responses cannot arrive out of order. Changes made
 *   while a request is in flight wait in `pending` and go in the next request; a response only
 *   updates the task list, never the editor's inputs, so it cannot overwrite newer text.
 * - Each PATCH carries If-Match with the last version the server acknowledged. A 412 means the task
 *   changed elsewhere (or an earlier request timed out after all): the saver reloads the version and
 *   sends its fields again, so the fields this user edited win and the others stay as they are.
 * - A failed save keeps its fields. Failures that may pass (no answer, 408, 429, 5xx, and a 412
 *   after several conflicts in a row) are retried with exponential backoff (1 s doubling to 30 s,
 *   or later when a 429 says so), or at once on retry(). Other refusals (422, 413, 400, ...)
 *   would only be refused again: the next edit or retry() sends again.
 *
 * The saver knows nothing of HTTP or the DOM: the requests and the reactions are passed in.
 */
(function (window) {
  "use strict";

  var DEBOUNCE_MS = 400;
  var FIRST_RETRY_MS = 1000;
  var MAX_RETRY_MS = 30000;
  // Someone else saving the same task in a tight loop must not make this page loop as well.
  var MAX_CONFLICTS_IN_A_ROW = 3;

  function isEmpty(object) {
    return Object.keys(object).length === 0;
  }

  function merged(older, newer) {
    return Object.assign({}, older, newer);
  }

  // Worth sending again as it is. A 412 only gets here after several conflicts in a row.
  function isTransient(error) {
    var status = error.status;
    return status === 0 || status === 408 || status === 412 || status === 429 || status >= 500;
  }

  /*
   * options:
   *   update(id, fields, version) -> Promise<task>   PATCH /tasks/{id}
   *   fetch(id) -> Promise<task>                      GET /tasks/{id} (after a 412)
   *   version() -> number                             the newest version this page knows
   *   onSaved(task)                                   a server copy of the task arrived
   *   onGone()                                        the task no longer exists (404)
   *   onStateChange()                                 state() or hasUnsaved() may have changed
   */
  function TaskSaver(id, options) {
    this.id = id;
    this.options = options;
    this.pending = {};
    this.sending = null;
    this.debounceTimer = null;
    this.retryTimer = null;
    this.retryDelay = 0;
    this.conflicts = 0;
    this.error = null;
    this.stopped = false;
    this.settleWaiters = [];
  }

  TaskSaver.prototype.change = function (fields) {
    if (this.stopped) {
      return;
    }
    this.pending = merged(this.pending, fields);
    this.restartDebounce();
    this.notify();
  };

  // Drops a field that must not be sent in its current state (an empty title).
  TaskSaver.prototype.discard = function (field) {
    delete this.pending[field];
    this.notify();
  };

  TaskSaver.prototype.flush = function () {
    this.cancelTimers();
    this.sendNext();
    return this.settled();
  };

  TaskSaver.prototype.retry = function () {
    this.error = null;
    this.conflicts = 0;
    return this.flush();
  };

  // Stops saving for good (the task is being deleted); resolves once no request is in flight.
  TaskSaver.prototype.stop = function () {
    this.stopped = true;
    this.cancelTimers();
    this.pending = {};
    this.error = null;
    this.notify();
    return this.settled();
  };

  TaskSaver.prototype.hasUnsaved = function () {
    return this.sending !== null || !isEmpty(this.pending);
  };

  // Everything the server has not acknowledged yet, newest values winning.
  TaskSaver.prototype.unsavedFields = function () {
    return merged(this.sending || {}, this.pending);
  };

  // "saving" while a request is in flight or changes wait for the debounce; "failed" between a
  // failed attempt and the next one.
  TaskSaver.prototype.state = function () {
    if (this.sending !== null) {
      return "saving";
    }
    if (this.error) {
      return "failed";
    }
    return isEmpty(this.pending) ? "saved" : "saving";
  };

  // Resolves when no request is in flight and nothing more will be sent without a new event
  // (everything saved, or the last attempt failed and waits for a retry).
  TaskSaver.prototype.settled = function () {
    var self = this;
    if (this.isSettled()) {
      return Promise.resolve();
    }
    return new Promise(function (resolve) {
      self.settleWaiters.push(resolve);
    });
  };

  // The last attempt failed and another one is scheduled (see isTransient).
  TaskSaver.prototype.retrying = function () {
    return this.retryTimer !== null;
  };

  TaskSaver.prototype.isSettled = function () {
    return this.sending === null && (isEmpty(this.pending) || this.error !== null || this.stopped);
  };

  TaskSaver.prototype.restartDebounce = function () {
    var self = this;
    if (this.debounceTimer !== null) {
      window.clearTimeout(this.debounceTimer);
    }
    this.debounceTimer = window.setTimeout(function () {
      self.debounceTimer = null;
      self.sendNext();
    }, DEBOUNCE_MS);
  };

  TaskSaver.prototype.cancelTimers = function () {
    if (this.debounceTimer !== null) {
      window.clearTimeout(this.debounceTimer);
      this.debounceTimer = null;
    }
    this.cancelRetry();
  };

  TaskSaver.prototype.cancelRetry = function () {
    if (this.retryTimer !== null) {
      window.clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
  };

  TaskSaver.prototype.sendNext = function () {
    var self = this;
    if (this.sending !== null || this.stopped || isEmpty(this.pending)) {
      this.notify();
      return;
    }
    // The request carries everything a scheduled retry would have sent.
    this.cancelRetry();
    var fields = this.pending;
    this.sending = fields;
    this.pending = {};
    this.notify();
    this.options.update(this.id, fields, this.options.version()).then(
      function (task) {
        self.succeeded(task);
      },
      function (error) {
        self.failed(fields, error);
      }
    );
  };

  TaskSaver.prototype.succeeded = function (task) {
    this.sending = null;
    this.error = null;
    this.retryDelay = 0;
    this.conflicts = 0;
    if (this.stopped) {
      this.notify();
      return;
    }
    this.options.onSaved(task);
    if (this.debounceTimer === null) {
      this.sendNext();
    } else {
      this.notify();
    }
  };

  TaskSaver.prototype.failed = function (fields, error) {
    var self = this;
    this.sending = null;
    if (this.stopped) {
      this.notify();
      return;
    }
    this.pending = merged(fields, this.pending);
    if (error.status === 404) {
      this.stopped = true;
      this.pending = {};
      this.notify();
      this.options.onGone();
      return;
    }
    if (error.status === 412 && this.conflicts < MAX_CONFLICTS_IN_A_ROW) {
      this.conflicts += 1;
      this.sending = {};
      this.options.fetch(this.id).then(
        function (task) {
          self.sending = null;
          if (!self.stopped) {
            self.options.onSaved(task);
          }
          self.sendNext();
        },
        function (fetchError) {
          self.sending = null;
          self.failed({}, fetchError);
        }
      );
      return;
    }
    this.error = error;
    if (!error.unauthenticated && isTransient(error)) {
      this.retryDelay = this.retryDelay ? Math.min(this.retryDelay * 2, MAX_RETRY_MS) : FIRST_RETRY_MS;
      var wait = Math.max(this.retryDelay, (error.retryAfterSeconds || 0) * 1000);
      this.retryTimer = window.setTimeout(function () {
        self.retryTimer = null;
        self.conflicts = 0;
        self.sendNext();
      }, wait);
    }
    this.notify();
  };

  TaskSaver.prototype.notify = function () {
    if (this.isSettled() && this.settleWaiters.length) {
      var waiters = this.settleWaiters;
      this.settleWaiters = [];
      waiters.forEach(function (resolve) {
        resolve();
      });
    }
    if (this.options.onStateChange) {
      this.options.onStateChange();
    }
  };

  window.TT = window.TT || {};
  window.TT.TaskSaver = TaskSaver;
})(window);
;

/* js/views/ui.js */
/*
 * Small DOM helpers shared by the views: modal dialogs that give focus back, form error display
 * (like server-rendered forms: a summary on top and a message under each field) and the page notice.
 */
(function (window, $) {
  "use strict";

  var i18n = window.TT.i18n;

  // A message is a translation key with optional parameters, or a literal text from the server
  // (only where the page has no translation for what the server said).
  function translated(key, params) {
    return { key: key, params: params };
  }

  function literal(text) {
    return { text: text };
  }

  function messageText(message) {
    return message.key ? i18n.t(message.key, message.params) : message.text;
  }

  // The key and its parameters stay on the element (data-i18n, data-i18n-params), so a language
  // switch translates it again (i18n.apply).
  function setMessage($element, message) {
    if (message.key) {
      $element.attr("data-i18n", message.key);
      if (message.params) {
        $element.attr("data-i18n-params", JSON.stringify(message.params));
      } else {
        $element.removeAttr("data-i18n-params");
      }
    } else {
      $element.removeAttr("data-i18n data-i18n-params");
    }
    $element.text(messageText(message));
  }

  function clearMessage($element) {
    $element.removeAttr("data-i18n data-i18n-params").text("");
  }

  /*
   * What to tell the user about a failed call, in the interface language for every status the
   * API is known to answer with; the server's own (English) message only for anything else.
   */
  // "Try again in …": the wait in seconds under a minute, else in minutes, rounded up (never
  // sooner than allowed), in the message of each unit.
  function waitMessage(secondsKey, minutesKey, seconds) {
    if (seconds < 60) {
      return translated(secondsKey, { count: seconds });
    }
    return translated(minutesKey, { count: Math.ceil(seconds / 60) });
  }

  function errorMessage(error) {
    if (error.status === 0) {
      return translated("errors.network");
    }
    if (error.status === 403) {
      return translated("errors.forbidden");
    }
    if (error.status === 413) {
      return translated("errors.tooLarge");
    }
    if (error.status === 429) {
      return waitMessage(
        "errors.tooManyRequestsSeconds",
        "errors.tooManyRequestsMinutes",
        error.retryAfterSeconds || 60
      );
    }
    if (error.status >= 500 || !error.message) {
      return translated("errors.server");
    }
    return literal(error.message);
  }

  /*
   * Wraps a Bootstrap modal: focus goes to `initialFocus()` once it is shown and back to the element
   * that had it before (or to `fallbackFocus()` when that one is gone or hidden) once it closes.
   */
  function Modal(element, hooks) {
    var self = this;
    this.$element = $(element);
    this.hooks = hooks || {};
    this.returnFocusTo = null;
    this.$element.on("shown.bs.modal", function () {
      var target = self.hooks.initialFocus && self.hooks.initialFocus();
      if (target && target.length) {
        target.trigger("focus");
      }
    });
    this.$element.on("hide.bs.modal", function () {
      if (self.hooks.onHide) {
        self.hooks.onHide();
      }
    });
    this.$element.on("hidden.bs.modal", function () {
      var $target = $(self.returnFocusTo);
      self.returnFocusTo = null;
      if (self.hooks.onHidden) {
        self.hooks.onHidden();
      }
      if (!$target.length || !$.contains(window.document, $target[0]) || !$target.is(":visible")) {
        $target = self.hooks.fallbackFocus ? self.hooks.fallbackFocus() : $();
      }
      if ($target && $target.length) {
        $target.trigger("focus");
      }
    });
  }

  // Bootstrap's modal, made when first needed: making one for every dialog at start is work the
  // first paint need not wait for.
  Modal.prototype.instance = function () {
    return window.bootstrap.Modal.getOrCreateInstance(this.$element[0]);
  };

  Modal.prototype.show = function (returnFocusTo) {
    this.returnFocusTo = returnFocusTo || window.document.activeElement;
    this.instance().show();
  };

  Modal.prototype.hide = function () {
    this.instance().hide();
  };

  Modal.prototype.isOpen = function () {
    return this.$element.hasClass("show");
  };

  /* A form whose fields are inputs named like the API fields, each followed by .invalid-feedback. */
  function FormErrors($form) {
    this.$form = $form;
    this.$summary = $form.find(".form-error-summary");
  }

  FormErrors.prototype.clear = function () {
    this.$form.find(".is-invalid").removeClass("is-invalid").removeAttr("aria-invalid");
    clearMessage(this.$form.find(".invalid-feedback"));
    clearMessage(this.$summary);
    this.$summary.prop("hidden", true);
  };

  FormErrors.prototype.field = function (name, message) {
    var $input = this.$form.find("[name='" + name + "']");
    $input.addClass("is-invalid").attr("aria-invalid", "true");
    setMessage($input.siblings(".invalid-feedback"), message);
  };

  FormErrors.prototype.summary = function (message) {
    setMessage(this.$summary, message);
    this.$summary.prop("hidden", false);
  };

  // A 429 of the login limits (sign-in, and the password confirming an account change).
  FormErrors.prototype.tooManyAttempts = function (error) {
    this.summary(waitMessage("errors.tooManyAttemptsSeconds", "errors.tooManyAttemptsMinutes", error.retryAfterSeconds || 60));
  };

  // The password confirming a change was refused (403): missing, or wrong.
  FormErrors.prototype.refusedPassword = function (name) {
    var missing = !this.$form.find("[name='" + name + "']").val();
    this.field(name, translated(missing ? "errors.passwordRequired" : "settings.wrongPassword"));
    this.summary(translated(missing ? "form.fixErrors" : "settings.wrongPassword"));
  };

  FormErrors.prototype.focusFirstInvalid = function () {
    var $first = this.$form.find(".is-invalid").first();
    ($first.length ? $first : this.$form.find("input").first()).trigger("focus");
  };

  function showNotice(message, tone) {
    var $notice = $("#notice");
    $notice
      .removeClass("alert-info alert-warning alert-danger")
      .addClass("alert-" + (tone || "info"))
      .prop("hidden", false);
    setMessage($notice.find(".notice-text"), message);
  }

  function hideNotice() {
    $("#notice").prop("hidden", true);
  }

  // A form while its request is in flight: its fields and buttons disabled, and marked busy.
  function setBusy($form, busy) {
    $form.find("input, select, button").prop("disabled", busy);
    $form.attr("aria-busy", busy ? "true" : "false");
  }

  // Copies a field's value: the Clipboard API where the page may use it, else the selection and
  // the older copy command. Resolves to whether it was copied.
  function copyValue($field) {
    var fallback = function () {
      $field.trigger("focus").trigger("select");
      try {
        return window.document.execCommand("copy");
      } catch {
        return false;
      }
    };
    if (window.navigator.clipboard && window.navigator.clipboard.writeText) {
      return window.navigator.clipboard.writeText($field.val()).then(
        function () {
          return true;
        },
        fallback
      );
    }
    return Promise.resolve(fallback());
  }

  // An icon of the vendored set (css/icons.css), hidden from screen readers: the text beside it,
  // or the control's accessible name, says what it means. The name is written out at each use
  // (never computed), so tests/frontend/test_icons.py finds every icon the app uses.
  function icon(name) {
    return $("<span>", { "class": "bi bi-" + name, "aria-hidden": "true" });
  }

  // How long a toast stays: long enough to read it and reach its button.
  var UNDO_TOAST_MS = 6000;
  // The toasts with an Undo still shown, oldest first: the `z` shortcut undoes the newest (undoLast).
  var liveToasts = [];

  // Says a text once to screen readers, in the one live region of the toasts (#toast-announcer,
  // in the page from the start: a region added with its text already in it is often not read).
  function announce(text) {
    var $region = $("#toast-announcer");
    $region.text("");
    // A new text in the next frame, so the same message twice is read twice.
    window.setTimeout(function () {
      $region.text(text);
    }, 50);
  }

  // A short message at the bottom of the page, instead of an "Are you sure?" dialog, with an
  // Undo button when `onUndo` is given: it runs when the button is pressed before the toast goes.
  // Returns a handle whose undo() does the same (a keyboard shortcut) and dismiss() closes it.
  // The toast itself is not a live region: its message is announced once, by announce(); an
  // undo is announced as "Undone.". The text is inserted as text.
  function toast(message, onUndo) {
    var $toast = $('<div class="toast show align-items-center"><div class="d-flex align-items-center gap-2 p-2"></div></div>');
    var $body = $toast.children().first();
    $body.append($("<span>", { "class": "toast-text flex-grow-1 px-1" }).text(message));
    if (onUndo) {
      // Marked like the page's own text, so a language switch translates it again.
      $body.append(
        $("<button>", { type: "button", "class": "btn btn-sm btn-outline-primary", "data-action": "undo" }).append(
          icon("arrow-counterclockwise"),
          " ",
          $("<span>", { "data-i18n": "toast.undo" }).text(i18n.t("toast.undo"))
        )
      );
    }
    $body.append(
      $("<button>", { type: "button", "class": "btn-close", "data-action": "dismiss-toast" }).attr({
        "data-i18n-aria-label": "form.close",
        "aria-label": i18n.t("form.close")
      })
    );
    var done = false;
    var timer = null;
    var handle = {};
    function dismiss() {
      if (!done) {
        done = true;
        window.clearTimeout(timer);
        if (liveToasts.indexOf(handle) !== -1) {
          liveToasts.splice(liveToasts.indexOf(handle), 1);
        }
        $toast.remove();
      }
    }
    function undo() {
      if (!done && onUndo) {
        dismiss();
        announce(i18n.t("shortcuts.undone"));
        onUndo();
      }
    }
    $toast.on("click", "[data-action='undo']", undo).on("click", "[data-action='dismiss-toast']", dismiss);
    // Hovering or focusing the toast keeps it, so nobody loses the button while reaching it.
    $toast.on("mouseenter focusin", function () {
      window.clearTimeout(timer);
    });
    $toast.on("mouseleave focusout", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(dismiss, UNDO_TOAST_MS);
    });
    handle.undo = undo;
    handle.dismiss = dismiss;
    if (onUndo) {
      liveToasts.push(handle);
    }
    $("#toasts").append($toast);
    announce(message);
    timer = window.setTimeout(dismiss, UNDO_TOAST_MS);
    return handle;
  }

  function undoToast(message, onUndo) {
    return toast(message, onUndo);
  }

  // A toast that only tells (nothing to undo).
  function infoToast(message) {
    return toast(message, null);
  }

  // Undoes what the newest toast still shown offers; false when there is none.
  function undoLast() {
    var last = liveToasts[liveToasts.length - 1];
    if (last) {
      last.undo();
    }
    return !!last;
  }

  $(function () {
    $("#notice").on("click", "[data-action='dismiss-notice']", hideNotice);
  });

  window.TT.ui = {
    Modal: Modal,
    FormErrors: FormErrors,
    translated: translated,
    literal: literal,
    messageText: messageText,
    setMessage: setMessage,
    clearMessage: clearMessage,
    errorMessage: errorMessage,
    waitMessage: waitMessage,
    showNotice: showNotice,
    hideNotice: hideNotice,
    icon: icon,
    undoToast: undoToast,
    infoToast: infoToast,
    announce: announce,
    undoLast: undoLast,
    setBusy: setBusy,
    copyValue: copyValue
  };
})(window, window.jQuery);
;

/* js/views/auth.js */
/*
 * Header and the sign-up / log-in / password reset dialogs. Every dialog is a real <form>; its
 * submit is taken over and sent by Ajax, and errors are shown next to the fields and on top of
 * the form. The reset dialog opens from the emailed link, PUBLIC_URL/#reset=<token> (app.js).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  var EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;
  var MIN_PASSWORD = 8;
  var MAX_PASSWORD = 128;

  var signedInListeners = $.Callbacks();
  var signupModal;
  var loginModal;
  var forgotModal;
  var resetModal;
  // The token of the emailed link the reset dialog is open for.
  var resetToken = null;

  function browserTimezone() {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return typeof zone === "string" && zone ? zone : null;
    } catch {
      return null;
    }
  }

  // Client-side checks mirror the server's rules so most mistakes are shown without a round trip;
  // the server still decides and its answers are shown the same way.
  function checkEmail(errors, email) {
    if (!email) {
      errors.field("email", ui.translated("errors.emailRequired"));
      return false;
    }
    if (!EMAIL_PATTERN.test(email)) {
      errors.field("email", ui.translated("errors.emailInvalid"));
      return false;
    }
    return true;
  }

  // `field` names the password input ("password" on sign-up, "new_password" on reset); its
  // confirmation is the input named the same plus "_confirm".
  function checkNewPassword(errors, password, confirmation, field) {
    var name = field || "password";
    var valid = true;
    if (password.length < MIN_PASSWORD) {
      errors.field(name, ui.translated("errors.passwordTooShort"));
      valid = false;
    } else if (password.length > MAX_PASSWORD) {
      errors.field(name, ui.translated("errors.passwordTooLong"));
      valid = false;
    }
    if (confirmation !== password) {
      errors.field(name + "_confirm", ui.translated("errors.passwordMismatch"));
      valid = false;
    }
    return valid;
  }

  // Field messages of a 422 are shown in the interface language where the field is known.
  var FIELD_MESSAGE_KEYS = {
    email: "errors.emailInvalid",
    password_confirm: "errors.passwordMismatch"
  };

  function passwordMessageKey(password) {
    return password.length > MAX_PASSWORD ? "errors.passwordTooLong" : "errors.passwordTooShort";
  }

  function showServerError(errors, error, password) {
    if (error.status === 429) {
      errors.tooManyAttempts(error);
      return;
    }
    if (error.status === 422) {
      $.each(error.fieldErrors, function (field, message) {
        var isPassword = field === "password" || field === "new_password";
        var key = isPassword ? passwordMessageKey(password) : FIELD_MESSAGE_KEYS[field];
        if (errors.$form.find("[name='" + field + "']").length) {
          errors.field(field, key ? ui.translated(key) : ui.literal(message));
        }
      });
      errors.summary(ui.translated("form.fixErrors"));
      return;
    }
    errors.summary(ui.errorMessage(error));
  }

  function register(fields) {
    return api.register(fields).catch(function (error) {
      // An IANA zone the server does not know must not stop anyone from signing up: the server
      // then uses its default timezone for the digest.
      var onlyTimezone = error.status === 422 && Object.keys(error.fieldErrors).join() === "timezone";
      if (onlyTimezone && fields.timezone) {
        return api.register($.extend({}, fields, { timezone: undefined }));
      }
      throw error;
    });
  }

  function onSignupSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var email = $.trim($form.find("[name='email']").val());
    var password = $form.find("[name='password']").val();
    var confirmation = $form.find("[name='password_confirm']").val();
    errors.clear();
    var emailValid = checkEmail(errors, email);
    var passwordValid = checkNewPassword(errors, password, confirmation);
    if (!emailValid || !passwordValid) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    register({
      email: email,
      password: password,
      password_confirm: confirmation,
      timezone: browserTimezone() || undefined,
      locale: TT.i18n.language()
    })
      .then(function (user) {
        ui.setBusy($form, false);
        $form.trigger("reset");
        signupModal.hide();
        signedInListeners.fire(user);
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.status === 409) {
          errors.field("email", ui.translated("errors.emailTaken"));
          errors.summary(ui.translated("errors.emailTaken"));
        } else {
          showServerError(errors, error, password);
        }
        errors.focusFirstInvalid();
      });
  }

  function onLoginSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var $password = $form.find("[name='password']");
    var email = $.trim($form.find("[name='email']").val());
    var password = $password.val();
    errors.clear();
    var emailValid = checkEmail(errors, email);
    if (!password) {
      errors.field("password", ui.translated("errors.passwordRequired"));
    }
    if (!emailValid || !password) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .logIn({ email: email, password: password })
      .then(function (user) {
        ui.setBusy($form, false);
        $form.trigger("reset");
        loginModal.hide();
        signedInListeners.fire(user);
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.status === 401) {
          errors.summary(ui.translated("errors.invalidCredentials"));
          $password.val("").trigger("focus");
          return;
        }
        showServerError(errors, error, password);
        errors.focusFirstInvalid();
      });
  }

  function showFormNotice($form, message) {
    ui.setMessage($form.find(".form-notice").prop("hidden", false), message);
  }

  function openForgot(opener) {
    var $forgotForm = $("#forgot-form");
    $forgotForm.find("[name='email']").val($.trim($("#login-form [name='email']").val()));
    // One dialog at a time: the forgot dialog opens once the login dialog has closed.
    if (loginModal.isOpen()) {
      loginModal.$element.one("hidden.bs.modal", function () {
        forgotModal.show(opener);
      });
      loginModal.hide();
    } else {
      forgotModal.show(opener);
    }
  }

  function onForgotSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var email = $.trim($form.find("[name='email']").val());
    errors.clear();
    if (!checkEmail(errors, email)) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .requestPasswordReset({ email: email, locale: TT.i18n.language() })
      .then(function () {
        ui.setBusy($form, false);
        // The same answer whether or not the account exists: the server does not tell.
        $form.find(".forgot-fields, [type='submit']").prop("hidden", true);
        showFormNotice($form, ui.translated("forgot.sent", { email: email }));
        $form.find("[data-bs-dismiss]").last().trigger("focus");
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        showServerError(errors, error, "");
        errors.focusFirstInvalid();
      });
  }

  function openReset(token) {
    resetToken = token;
    if (!resetModal.isOpen()) {
      resetModal.show();
    }
  }

  function onResetSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var password = $form.find("[name='new_password']").val();
    var confirmation = $form.find("[name='new_password_confirm']").val();
    errors.clear();
    if (!checkNewPassword(errors, password, confirmation, "new_password")) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .confirmPasswordReset({ token: resetToken, new_password: password })
      .then(function () {
        ui.setBusy($form, false);
        resetToken = null;
        $form.trigger("reset");
        // Every session of the account has ended, this one too: log in again.
        resetModal.$element.one("hidden.bs.modal", function () {
          TT.app.showVisitor();
          showFormNotice($("#login-form"), ui.translated("login.passwordChanged"));
          loginModal.show($("#visitor-actions [data-action='open-login']")[0]);
        });
        resetModal.hide();
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.status === 400) {
          errors.summary(ui.translated("reset.invalidLink"));
          return;
        }
        showServerError(errors, error, password);
        errors.focusFirstInvalid();
      });
  }

  function showVisitor() {
    $("#user-actions, [data-when='user']").prop("hidden", true);
    $("#user-email, #account-email, #account-initial").text("");
    $("#visitor-actions, [data-when='visitor']").prop("hidden", false);
  }

  function showUser(user) {
    $("#visitor-actions, [data-when='visitor']").prop("hidden", true);
    $("#user-email, #account-email").text(user.email);
    $("#account-initial").text(user.email.charAt(0).toUpperCase());
    $("#user-actions, [data-when='user']").prop("hidden", false);
  }

  // A dialog holding one of the forms: focus on its first field, its errors and notice cleared
  // once closed, and focus back to the new-task field or the header when the opener is gone.
  function formModal(modalSelector, $form) {
    return new ui.Modal($(modalSelector)[0], {
      initialFocus: function () {
        return $form.find("input").first();
      },
      fallbackFocus: function () {
        var $newTask = $("#new-task-title:visible");
        return $newTask.length ? $newTask : $("#visitor-actions:visible button, #account-toggle:visible, #user-actions:visible a").first();
      },
      onHidden: function () {
        new ui.FormErrors($form).clear();
        ui.clearMessage($form.find(".form-notice").prop("hidden", true));
      }
    });
  }

  function init() {
    var $signupForm = $("#signup-form");
    var $loginForm = $("#login-form");
    var $forgotForm = $("#forgot-form");
    var $resetForm = $("#reset-form");
    signupModal = formModal("#signup-modal", $signupForm);
    loginModal = formModal("#login-modal", $loginForm);
    forgotModal = formModal("#forgot-modal", $forgotForm);
    resetModal = formModal("#reset-modal", $resetForm);
    forgotModal.$element.on("hidden.bs.modal", function () {
      $forgotForm.trigger("reset").find(".forgot-fields, [type='submit']").prop("hidden", false);
    });

    $signupForm.on("submit", onSignupSubmit);
    $loginForm.on("submit", onLoginSubmit);
    $forgotForm.on("submit", onForgotSubmit);
    $resetForm.on("submit", onResetSubmit);

    $("body").on("click", "[data-action='open-signup']", function () {
      signupModal.show(this);
    });
    $("body").on("click", "[data-action='open-login']", function () {
      loginModal.show(this);
    });
    $("body").on("click", "[data-action='open-forgot']", function () {
      openForgot($("#visitor-actions [data-action='open-login']")[0]);
    });
    $("header").on("click", "[data-action='logout']", function () {
      var $button = $(this).prop("disabled", true);
      TT.tasksView
        .flushAll()
        .then(function () {
          return api.logOut();
        })
        .catch(function () {
          // Even when the logout call fails (network), the user asked to leave: show the visitor
          // view; the next page load asks the server again who is logged in.
        })
        .then(function () {
          $button.prop("disabled", false);
          TT.offline.forget();
          TT.app.showVisitor();
          $("#visitor-actions button").first().trigger("focus");
        });
    });
  }

  TT.authView = {
    init: init,
    showVisitor: showVisitor,
    showUser: showUser,
    openReset: openReset,
    browserTimezone: browserTimezone,
    onSignedIn: function (listener) {
      signedInListeners.add(listener);
    }
  };
})(window, window.jQuery);
;

/* js/views/providers.js */
/*
 * The external OpenID Connect providers (GET /auth/providers): a "Sign in with <name>" button for
 * each in the log-in and sign-up dialogs, which sends the browser to the provider through the API
 * (api.providerLoginUrl); none configured, no buttons. The list is asked for once per page and
 * shared with the settings page (views/settings/identities.js).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var ui = TT.ui;
  var providers = null;

  function list() {
    if (!providers) {
      providers = api.listProviders().catch(function () {
        providers = null; // Asked again next time: a failure here must not hide them for good.
        return [];
      });
    }
    return providers;
  }

  // The browser leaves the page for the provider and comes back to `next` in the web app. A
  // sign-in may make an account: it gets the browser's timezone, as a sign-up does.
  function go(provider, next, link) {
    var params = { next: next };
    if (link) {
      params.link = "true";
    } else if (TT.authView.browserTimezone()) {
      params.timezone = TT.authView.browserTimezone();
    }
    window.location.assign(api.providerLoginUrl(provider, params));
  }

  function render(items) {
    $(".oidc-providers").each(function () {
      var $buttons = $(this).find(".oidc-buttons").empty();
      $.each(items, function (index, provider) {
        var $button = $('<button type="button" class="btn btn-outline-dark" data-action="sign-in-with"></button>');
        $button.attr("data-provider", provider.id);
        ui.setMessage($button, ui.translated("oidc.signInWith", { name: provider.name }));
        $buttons.append($button);
      });
      $(this).prop("hidden", items.length === 0);
    });
  }

  function init() {
    $("body").on("click", "[data-action='sign-in-with']", function () {
      go($(this).attr("data-provider"), "/", false);
    });
    list().then(render);
  }

  TT.providersView = { init: init, list: list, go: go };
})(window, window.jQuery);
;

/* js/views/tasks/fields.js */
/*
 * The task fields as the page knows the server's rules for them: the title's length limit, and
 * why the server refused a field in the interface language. Used by the new-task form and the
 * editor. Also creates TT.tasks, the namespace of the tasks view's parts (views/tasks/*.js).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;

  var MAX_TITLE = 200;
  var MAX_DESCRIPTION = 10000;

  /*
   * Why the server refused a field, in the interface language when the value shows which of the
   * server's rules it broke (the page knows them); the server's own message otherwise.
   */
  function fieldMessage(field, value, serverMessage) {
    var text = typeof value === "string" ? value : "";
    var hasNul = text.indexOf("\u0000") !== -1;
    if (field === "title") {
      if (!$.trim(text)) {
        return ui.translated("tasks.titleRequired");
      }
      if ($.trim(text).length > MAX_TITLE) {
        return ui.translated("tasks.titleTooLong");
      }
      if (hasNul) {
        return ui.translated("tasks.titleInvalid");
      }
    }
    if (field === "description") {
      if (text.length > MAX_DESCRIPTION) {
        return ui.translated("tasks.descriptionTooLong");
      }
      if (hasNul) {
        return ui.translated("tasks.descriptionInvalid");
      }
    }
    return ui.literal(serverMessage);
  }

  TT.tasks = {
    fields: {
      MAX_TITLE: MAX_TITLE,
      message: fieldMessage
    }
  };
})(window, window.jQuery);
;

/* js/views/tasks/empty.js */
/*
 * Empty states: a view with nothing to show says so in one line, why, and what to do next (an
 * icon, the line, a hint, and a button where there is something to do at once). Every view that
 * can be empty fills its own placeholder (#open-empty, #done-empty, #due-empty, #search-empty,
 * #trash-none) through show(); the callers keep showing and hiding it. The texts keep their keys
 * (ui.setMessage), so a language switch translates them again; a searched text goes in as text.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;

  // The buttons an empty state may offer: [translation key, what it does].
  var ACTIONS = {
    add: "empty.addButton",
    "clear-search": "empty.clearSearch"
  };

  /*
   * spec: { icon: <$ of ui.icon(...)>, text: message, hint: message or null, action: "add",
   * "clear-search" or null }; messages as ui.translated() makes them.
   */
  function show($container, spec) {
    var $text = $("<p>", { "class": "tt-empty-text" });
    ui.setMessage($text, spec.text);
    var $parts = [$("<span>", { "class": "tt-empty-icon", "aria-hidden": "true" }).append(spec.icon), $text];
    if (spec.hint) {
      var $hint = $("<p>", { "class": "tt-empty-hint" });
      ui.setMessage($hint, spec.hint);
      $parts.push($hint);
    }
    if (spec.action) {
      $parts.push(
        $("<button>", { type: "button", "class": "btn btn-sm btn-outline-primary", "data-empty-action": spec.action }).append(
          spec.action === "add" ? ui.icon("plus-lg") : ui.icon("x-lg"),
          " ",
          $("<span>", { "data-i18n": ACTIONS[spec.action] }).text(i18n.t(ACTIONS[spec.action]))
        )
      );
    }
    $container.addClass("tt-empty").empty().append($parts);
  }

  // A hint that names keys, or its variant without them on a touch screen with no mouse (a phone),
  // where no key is at hand.
  function keysHint(withKeys, touch) {
    var touchOnly = window.matchMedia && window.matchMedia("(hover: none) and (pointer: coarse)").matches;
    return ui.translated(touchOnly ? touch : withKeys);
  }

  function init() {
    $(window.document).on("click", "[data-empty-action]", function () {
      var action = $(this).attr("data-empty-action");
      if (action === "add") {
        $("#new-task-title").trigger("focus");
      } else if (action === "clear-search") {
        // The field's own input handler ends the search when it is emptied.
        $("#search-input").val("").trigger("input").trigger("focus");
      }
    });
  }

  $(init);

  TT.tasks.empty = {
    show: show,
    keysHint: keysHint
  };
})(window, window.jQuery);
;

/* js/views/tasks/store.js */
/*
 * The signed-in user's tasks as this page knows them, and one TaskSaver (saver.js) per edited task.
 *
 * `serverCopies` holds the newest copy of each task the server sent; `tasks` what this page shows:
 * that copy with the user's unsaved edits laid over it, rebuilt whenever either changes. The
 * store owns no DOM: the views listen to onChange, onSaveStateChange and onGone. The editor's
 * inputs belong to the user: server responses update `tasks` and the lists but never write into
 * the inputs of an open editor.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;

  var serverCopies = {};
  var tasks = {};
  var savers = {};
  // Moves shown before the server confirms them: {position, list_id} laid over a task's copy.
  var placements = {};
  // Fired with (key, previous shown copy) when one task's shown copy was rebuilt, and without
  // arguments when tasks came or went.
  var changeListeners = $.Callbacks();
  var saveStateListeners = $.Callbacks();
  var goneListeners = $.Callbacks();
  // GET /tasks pages the done tasks: the cursor of the next page (null once all are here), and
  // the load of it in flight.
  var doneCursor = null;
  // Whether the store holds a list loaded for the user shown (false until the first load answers).
  var loaded = false;
  var loadingMore = null;

  function taskKey(id) {
    return String(id);
  }

  function nowIso() {
    return new Date().toISOString();
  }

  // The page's copy: server fields, then the unsaved local edits on top. A recurring task being
  // completed stays open: the server moves it to its next date instead.
  function overlay(task, edits, previous) {
    var shown = $.extend({}, task, edits);
    if (edits.done === true && shown.recurrence) {
      shown.done = false;
      shown.done_at = null;
      return shown;
    }
    if ("done" in edits && edits.done !== task.done) {
      shown.done_at = edits.done ? (previous && previous.done_at) || nowIso() : null;
    }
    return shown;
  }

  function saverFor(id) {
    var key = taskKey(id);
    if (!savers[key]) {
      savers[key] = new TT.TaskSaver(id, {
        update: api.updateTask,
        fetch: api.getTask,
        version: function () {
          return serverCopies[key] ? serverCopies[key].version : undefined;
        },
        onSaved: applyServerTask,
        onGone: function () {
          remove(key);
          goneListeners.fire(key);
        },
        onStateChange: function () {
          saveStateListeners.fire(key);
        }
      });
    }
    return savers[key];
  }

  // What the page shows: the server's copy and the unsaved edits on top. Rebuilt rather than
  // patched, so an edit dropped before it was sent (an emptied title) leaves no trace.
  function shownCopy(key) {
    var edits = savers[key] ? savers[key].unsavedFields() : {};
    return $.extend(overlay(serverCopies[key], edits, tasks[key]), placements[key]);
  }

  function rebuild(key) {
    var previous = tasks[key];
    tasks[key] = shownCopy(key);
    changeListeners.fire(key, previous);
  }

  function applyServerTask(task) {
    var key = taskKey(task.id);
    var known = serverCopies[key];
    if (!known || known.version > task.version) {
      return; // Deleted or logged out meanwhile, or an older copy than the one already known.
    }
    serverCopies[key] = task;
    rebuild(key);
  }

  // The user's order of open tasks, as the server sorts them: positions compared as bytes (keys
  // are ASCII, so as UTF-16 units too), then ids.
  function byPosition(a, b) {
    if (a.position !== b.position) {
      return a.position < b.position ? -1 : 1;
    }
    return a.id - b.id;
  }

  // A move shown at once: `placement` ({position, list_id}) is laid over the task until
  // `request` settles. Its answer replaces the copy; a failure takes the move back.
  function move(id, placement, request) {
    var key = taskKey(id);
    placements[key] = placement;
    rebuild(key);
    function settle(task) {
      delete placements[key];
      if (!serverCopies[key]) {
        return;
      }
      if (task && task.version >= serverCopies[key].version) {
        serverCopies[key] = task;
      }
      rebuild(key);
    }
    return request().then(
      function (task) {
        settle(task);
        return task;
      },
      function (error) {
        settle(null);
        throw error;
      }
    );
  }

  function add(list) {
    $.each(list, function (index, task) {
      var key = taskKey(task.id);
      serverCopies[key] = task;
      tasks[key] = shownCopy(key);
    });
    changeListeners.fire();
  }

  // Whether a load brings exactly the tasks the store holds, each at the version it has.
  function sameAsHeld(list, nextCursor) {
    if (!loaded || (nextCursor || null) !== doneCursor || Object.keys(serverCopies).length !== list.length) {
      return false;
    }
    return list.every(function (task) {
      var known = serverCopies[taskKey(task.id)];
      return known !== undefined && known.version === task.version;
    });
  }

  // The user's list, freshly loaded: every open task and the first page of done ones, with the
  // cursor of the next page (null: none). Savers stay: their unsaved edits are laid over it. A
  // load that brings nothing new (the event stream's ready, a reconnect) changes nothing, so the
  // rows are not rebuilt under the user's pointer or drag.
  function replaceAll(list, nextCursor) {
    if (sameAsHeld(list, nextCursor)) {
      return;
    }
    serverCopies = {};
    tasks = {};
    doneCursor = nextCursor || null;
    loaded = true;
    add(list);
  }

  /*
   * The next page of done tasks, added to the store; resolves to the tasks it added. Pages follow
   * the server's order by a cursor, so tasks completed or reopened here meanwhile stay where
   * they are: a newly done task sorts before every page, a reopened one is in none. A copy the
   * page already knows at its version or later is kept. One load at a time.
   */
  function loadMoreDone() {
    if (!doneCursor) {
      return Promise.resolve([]);
    }
    if (!loadingMore) {
      var cursor = doneCursor;
      loadingMore = api.listTasksPage({ cursor: cursor }).then(
        function (page) {
          loadingMore = null;
          if (doneCursor !== cursor) {
            return []; // Reloaded or logged out meanwhile.
          }
          doneCursor = page.nextCursor;
          var fresh = page.tasks.filter(function (task) {
            var known = serverCopies[taskKey(task.id)];
            return !known || known.version < task.version;
          });
          add(fresh);
          return fresh;
        },
        function (error) {
          loadingMore = null;
          throw error;
        }
      );
    }
    return loadingMore;
  }

  function remove(key) {
    delete placements[key];
    delete serverCopies[key];
    delete tasks[key];
    delete savers[key];
    changeListeners.fire();
  }

  // Nothing of the previous user may stay: savers are stopped, not flushed.
  function clear() {
    $.each(savers, function (key, saver) {
      saver.stop();
    });
    savers = {};
    placements = {};
    serverCopies = {};
    tasks = {};
    doneCursor = null;
    loaded = false;
    changeListeners.fire();
  }

  function failedSavers() {
    return $.map(savers, function (saver) {
      return saver.state() === "failed" ? saver : null;
    });
  }

  function retryFailed() {
    failedSavers().forEach(function (saver) {
      saver.retry();
    });
  }

  function flushAll() {
    return Promise.all(
      $.map(savers, function (saver) {
        return saver.flush();
      })
    );
  }

  TT.tasks.store = {
    key: taskKey,
    shown: function (key) {
      return tasks[key];
    },
    all: function () {
      return $.map(tasks, function (task) {
        return task;
      });
    },
    serverCopy: function (key) {
      return serverCopies[key];
    },
    byPosition: byPosition,
    // The open tasks in the user's order.
    open: function () {
      return $.map(tasks, function (task) {
        return task.done ? null : task;
      }).sort(byPosition);
    },
    move: move,
    saverFor: saverFor,
    // The saver of a task edited on this page, or undefined (saverFor creates one).
    existingSaver: function (key) {
      return savers[key];
    },
    eachSaver: function (callback) {
      $.each(savers, callback);
    },
    failedSavers: failedSavers,
    retryFailed: retryFailed,
    flushAll: flushAll,
    rebuild: rebuild,
    add: add,
    replaceAll: replaceAll,
    loadMoreDone: loadMoreDone,
    // Whether done tasks remain on the server beyond those loaded.
    moreDone: function () {
      return doneCursor !== null;
    },
    loaded: function () {
      return loaded;
    },
    remove: remove,
    clear: clear,
    onChange: function (listener) {
      changeListeners.add(listener);
    },
    onSaveStateChange: function (listener) {
      saveStateListeners.add(listener);
    },
    onGone: function (listener) {
      goneListeners.add(listener);
    }
  };
})(window, window.jQuery);
;

/* js/views/tasks/due.js */
/*
 * Due dates on the owner's calendar: "today" is the date in the user's timezone (from GET /user;
 * UTC, the server's default, when they have none), so the page agrees with GET /tasks?due= and
 * the emails. Dates are the API's YYYY-MM-DD text and times its HH:MM text, compared as text.
 */
(function (window) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;

  var UPCOMING_DAYS = 7;
  var zone = "UTC";

  function setZone(timezone) {
    zone = timezone || "UTC";
    try {
      i18n.dateFormat("en", { timeZone: zone });
    } catch {
      zone = "UTC"; // A zone this browser does not know.
    }
  }

  // The owner's local date and time now, as { date: "YYYY-MM-DD", time: "HH:MM" }.
  function now() {
    var parts = {};
    i18n.dateFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23"
    })
      .formatToParts(new Date())
      .forEach(function (part) {
        parts[part.type] = part.value;
      });
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  function addDays(isoDate, days) {
    var date = new Date(isoDate + "T00:00:00Z");
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
  }

  function isOverdue(task, local) {
    if (task.done || !task.due_date) {
      return false;
    }
    return task.due_date < local.date || (task.due_date === local.date && !!task.due_time && task.due_time <= local.time);
  }

  // Whether an open task belongs to a view: "today" (due today or overdue) or "upcoming" (today
  // and the 6 days after it), as GET /tasks?due= decides it.
  function inView(task, view, local) {
    if (task.done || !task.due_date) {
      return false;
    }
    if (view === "today") {
      return task.due_date <= local.date;
    }
    return task.due_date >= local.date && task.due_date < addDays(local.date, UPCOMING_DAYS);
  }

  // All-day tasks first on each day, then by time.
  function byDue(a, b) {
    if (a.due_date !== b.due_date) {
      return a.due_date < b.due_date ? -1 : 1;
    }
    var aTime = a.due_time || "";
    var bTime = b.due_time || "";
    return aTime === bTime ? a.id - b.id : aTime < bTime ? -1 : 1;
  }

  function dayName(isoDate, local) {
    if (isoDate === local.date) {
      return i18n.t("due.today");
    }
    if (isoDate === addDays(local.date, 1)) {
      return i18n.t("due.tomorrow");
    }
    if (isoDate === addDays(local.date, -1)) {
      return i18n.t("due.yesterday");
    }
    return i18n.formatDay(isoDate);
  }

  // The row's due label: { text, overdue }, or null for a task with no due date (or done).
  function label(task, local) {
    if (task.done || !task.due_date) {
      return null;
    }
    var when = dayName(task.due_date, local) + (task.due_time ? " " + task.due_time : "");
    var overdue = isOverdue(task, local);
    return { text: overdue ? i18n.t("due.overdue", { when: when }) : when, overdue: overdue };
  }

  TT.tasks.due = {
    setZone: setZone,
    zone: function () {
      return zone;
    },
    now: now,
    addDays: addDays,
    inView: inView,
    byDue: byDue,
    dayName: dayName,
    label: label
  };
})(window);
;

/* js/views/tasks/repeat.js */
/*
 * Recurring tasks: the editor's "Repeat" controls (#task-repeat), the rule they stand for (an
 * RRULE value as the API stores it: parts in the server's order, so a local copy equals the
 * server's), its human summary, the list rows' repeat marker and the "Next: …" notice after an
 * occurrence was skipped (completing one says it in a toast: completion.js). Schedules the controls cannot show (set through the API) keep
 * their rule until the user picks another.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var due = TT.tasks.due;

  var WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
  var WORKDAYS = "MO,TU,WE,TH,FR";
  var AFTER_COMPLETION = "X-AFTER=COMPLETION";
  var MAX_INTERVAL = 999;
  // The summary's start, for one period and for N of them.
  var FREQUENCY_KEYS = {
    daily: ["repeat.eachDaily", "repeat.everyDaily"],
    weekly: ["repeat.eachWeekly", "repeat.everyWeekly"],
    monthly: ["repeat.eachMonthly", "repeat.everyMonthly"],
    yearly: ["repeat.eachYearly", "repeat.everyYearly"]
  };
  var noticeTimer = null;
  var shown = { rule: null };

  function parts(rule) {
    var found = {};
    (rule || "").split(";").forEach(function (part) {
      var pair = part.split("=");
      if (pair.length === 2) {
        found[pair[0]] = pair[1];
      }
    });
    return found;
  }

  // The weekday (MO..SU) of a YYYY-MM-DD date.
  function weekdayOf(isoDate) {
    return WEEKDAYS[(new Date(isoDate + "T00:00:00Z").getUTCDay() + 6) % 7];
  }

  function weekdayName(code) {
    var monday = Date.UTC(2024, 0, 1); // a Monday
    var date = new Date(monday + WEEKDAYS.indexOf(code) * 86400000);
    return i18n.dateFormat(i18n.language(), { weekday: "short", timeZone: "UTC" }).format(date);
  }

  /*
   * What the controls show for a rule: { kind, interval, days, monthly, after, custom }, kind one
   * of none, daily, weekdays, weekly, monthly, yearly; monthly one of day, lastweekday, lastday.
   */
  function model(rule, dueDate) {
    var p = parts(rule);
    var interval = parseInt(p.INTERVAL || "1", 10);
    var result = { kind: "none", interval: interval, days: [], monthly: "day", after: false, custom: false };
    if (!rule) {
      return result;
    }
    result.after = (rule.split(";").indexOf(AFTER_COMPLETION) !== -1);
    result.kind = (p.FREQ || "").toLowerCase();
    var plainDays = p.BYDAY ? p.BYDAY.split(",").every(function (day) {
      return WEEKDAYS.indexOf(day) !== -1;
    }) : true;
    if (p.BYDAY === WORKDAYS && interval === 1 && (p.FREQ === "WEEKLY" || p.FREQ === "DAILY")) {
      result.kind = "weekdays";
    } else if (p.FREQ === "WEEKLY") {
      result.days = p.BYDAY ? p.BYDAY.split(",") : dueDate ? [weekdayOf(dueDate)] : [];
      result.custom = !plainDays;
    } else if (p.FREQ === "MONTHLY") {
      if (p.BYMONTHDAY === "-1") {
        result.monthly = "lastday";
      } else if (p.BYDAY && /^-1(MO|TU|WE|TH|FR|SA|SU)$/.test(p.BYDAY)) {
        result.monthly = "lastweekday";
        result.days = [p.BYDAY.slice(2)];
      } else {
        result.custom = !!p.BYDAY || (!!p.BYMONTHDAY && p.BYMONTHDAY.indexOf(",") !== -1);
        result.day = p.BYMONTHDAY ? parseInt(p.BYMONTHDAY, 10) : dueDate ? parseInt(dueDate.slice(8), 10) : 1;
      }
    } else {
      result.custom = !!p.BYDAY || !!p.BYMONTH || !!p.BYMONTHDAY;
    }
    return result;
  }

  // The rule of a model on a due date (the day of the month and weekday come from it).
  function buildRule(m, dueDate) {
    if (m.kind === "none") {
      return null;
    }
    if (m.kind === "weekdays") {
      return "FREQ=WEEKLY;BYDAY=" + WORKDAYS + (m.after ? ";" + AFTER_COMPLETION : "");
    }
    var out = ["FREQ=" + m.kind.toUpperCase()];
    if (m.interval > 1) {
      out.push("INTERVAL=" + m.interval);
    }
    if (m.kind === "weekly") {
      var days = WEEKDAYS.filter(function (day) {
        return m.days.indexOf(day) !== -1;
      });
      out.push("BYDAY=" + (days.length ? days : [weekdayOf(dueDate)]).join(","));
    } else if (m.kind === "monthly") {
      if (m.monthly === "lastday") {
        out.push("BYMONTHDAY=-1");
      } else if (m.monthly === "lastweekday") {
        out.push("BYDAY=-1" + weekdayOf(dueDate));
      } else {
        out.push("BYMONTHDAY=" + parseInt(dueDate.slice(8), 10));
      }
    }
    if (m.after) {
      out.push(AFTER_COMPLETION);
    }
    return out.join(";");
  }

  // "Every week on Mon, Thu", in the interface language.
  function summary(value, dueDate) {
    if (!value) {
      return "";
    }
    var m = model(value, dueDate);
    if (m.custom || ["daily", "weekdays", "weekly", "monthly", "yearly"].indexOf(m.kind) === -1) {
      return i18n.t("repeat.summaryCustom", { rule: value });
    }
    var text;
    if (m.kind === "weekdays") {
      text = i18n.t("repeat.summaryWeekdays");
    } else {
      text = i18n.t(FREQUENCY_KEYS[m.kind][m.interval > 1 ? 1 : 0], { count: m.interval });
    }
    if (m.kind === "weekly") {
      text += i18n.t("repeat.onDays", { days: m.days.map(weekdayName).join(", ") });
    } else if (m.kind === "monthly") {
      if (m.monthly === "lastday") {
        text += i18n.t("repeat.onLastDay");
      } else if (m.monthly === "lastweekday") {
        text += i18n.t("repeat.onLastWeekday", { weekday: weekdayName(m.days[0]) });
      } else {
        text += i18n.t("repeat.onDay", { day: m.day });
      }
    }
    return m.after ? text + i18n.t("repeat.afterSuffix") : text;
  }

  // The list row's marker: the repeat icon for the eye, the summary for a screen reader and a tooltip.
  function marker($marker, task) {
    var text = task.recurrence ? summary(task.recurrence, task.due_date) : "";
    $marker.empty().attr("title", text || null);
    if (text) {
      $marker.append(
        TT.ui.icon("arrow-repeat"),
        $("<span>", { "class": "visually-hidden" }).text(i18n.t("repeat.marker", { summary: text }))
      );
    }
  }

  // --- the editor's controls ---

  // Built when the controls are first shown, not at start: the first weekday name sets up the
  // browser's date formatting, a slow step the page's start need not wait for.
  var dayBoxesBuilt = false;

  function renderControls(dueDate) {
    if (!dayBoxesBuilt) {
      buildDayBoxes();
    }
    var m = model(shown.rule, dueDate);
    var repeating = m.kind !== "none";
    $("#task-repeat-freq").val(repeating ? m.kind : "none");
    $("#task-repeat-interval").val(m.interval);
    $("#task-repeat-every-group").prop("hidden", !repeating || m.kind === "weekdays");
    $("#task-repeat-days").prop("hidden", m.kind !== "weekly");
    $("#task-repeat-days input").each(function () {
      $(this).prop("checked", m.days.indexOf($(this).val()) !== -1);
    });
    $("#task-repeat-monthly-group").prop("hidden", m.kind !== "monthly");
    var date = dueDate || due.now().date;
    $("#task-repeat-monthly option[value='day']").text(
      i18n.t("repeat.monthlyDay", { day: parseInt(date.slice(8), 10) })
    );
    $("#task-repeat-monthly option[value='lastweekday']").text(
      i18n.t("repeat.monthlyLastWeekday", { weekday: weekdayName(weekdayOf(date)) })
    );
    $("#task-repeat-monthly option[value='lastday']").text(i18n.t("repeat.monthlyLastDay"));
    $("#task-repeat-monthly").val(m.monthly);
    $("#task-repeat-after").prop("checked", m.after).closest(".form-check").prop("hidden", !repeating);
    $("#task-repeat-actions").prop("hidden", !repeating);
    $("#task-repeat-summary").text(summary(shown.rule, dueDate));
  }

  function buildDayBoxes() {
    dayBoxesBuilt = true;
    var $days = $("#task-repeat-days .repeat-days").empty();
    WEEKDAYS.forEach(function (day) {
      var id = "task-repeat-day-" + day;
      $days.append(
        $("<div>", { "class": "form-check form-check-inline" }).append(
          $("<input>", { "class": "form-check-input", type: "checkbox", id: id, value: day }),
          $("<label>", { "class": "form-check-label", "for": id }).text(weekdayName(day))
        )
      );
    });
  }

  // Shows a task's rule in the controls (when the editor opens, or after the server moved it).
  function show(value, dueDate) {
    shown.rule = value || null;
    $("#task-repeat-error").prop("hidden", true).text("");
    renderControls(dueDate);
  }

  // The rule the controls stand for now, on a due date.
  function fromControls(dueDate) {
    var kind = $("#task-repeat-freq").val();
    var interval = parseInt($("#task-repeat-interval").val(), 10);
    var days = $("#task-repeat-days input:checked").map(function () {
      return $(this).val();
    }).get();
    return buildRule(
      {
        kind: kind,
        interval: isNaN(interval) || interval < 1 ? 1 : Math.min(interval, MAX_INTERVAL),
        days: days,
        monthly: $("#task-repeat-monthly").val(),
        after: $("#task-repeat-after").prop("checked")
      },
      dueDate
    );
  }

  // The rule for a new due date: the day of the month or the weekday may come from the date,
  // so a schedule keeps meaning what the controls say. A custom rule stays as it is.
  function ruleOn(dueDate) {
    if (!shown.rule || model(shown.rule, dueDate).custom) {
      return shown.rule;
    }
    var m = model(shown.rule, dueDate);
    if (m.kind === "monthly" && m.monthly === "day") {
      return buildRule(m, dueDate);
    }
    return shown.rule;
  }

  function showError(message) {
    $("#task-repeat-error").prop("hidden", !message).text(message || "");
  }

  // "Next: Thu, 10 Dec", briefly, after an occurrence was skipped.
  function announceNext(task) {
    var $notice = $("#repeat-notice");
    $notice.text(i18n.t("repeat.next", { title: task.title, date: due.dayName(task.due_date, due.now()) }));
    $notice.prop("hidden", false);
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () {
      $notice.prop("hidden", true).text("");
    }, 6000);
  }

  /*
   * handlers:
   *   changed(rule)   the user picked a schedule (null: none)
   *   skip()          "Skip this one"
   *   stop()          "Stop repeating"
   */
  function init(handlers) {
    $("#task-repeat")
      .on("change", "#task-repeat-freq, #task-repeat-monthly, #task-repeat-after, #task-repeat-days input", function () {
        handlers.changed();
      })
      .on("change", "#task-repeat-interval", function () {
        handlers.changed();
      })
      .on("click", "#task-repeat-skip", handlers.skip)
      .on("click", "#task-repeat-stop", handlers.stop);
    $(window.document).on("tt:languagechange", function () {
      dayBoxesBuilt = false;
      renderControls($("#task-due-date").val() || null);
    });
  }

  TT.tasks.repeat = {
    init: init,
    show: show,
    fromControls: fromControls,
    ruleOn: ruleOn,
    current: function () {
      return shown.rule;
    },
    showError: showError,
    summary: summary,
    marker: marker,
    announceNext: announceNext
  };
})(window, window.jQuery);
;

/* js/views/tasks/reminder.js */
/*
 * Reminders in the owner's calendar: the editor's "Remind me" choices turned into the instant the
 * API stores (remind_at, UTC), and back, for the choice to show and the row's bell. Local dates
 * and times are the owner's timezone's (due.js), like due dates, whatever the browser's zone.
 */
(function (window) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var due = TT.tasks.due;

  var MINUTE = 60000;
  var MORNING = "09:00";

  function wallParts(milliseconds, zone) {
    var parts = {};
    i18n.dateFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23"
    })
      .formatToParts(new Date(milliseconds))
      .forEach(function (part) {
        parts[part.type] = part.value;
      });
    return parts;
  }

  // The zone's offset from UTC at an instant, in milliseconds.
  function offsetAt(milliseconds, zone) {
    var parts = wallParts(milliseconds, zone);
    var wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
    return wall - Math.floor(milliseconds / MINUTE) * MINUTE;
  }

  // A local date and time of the owner's as an instant (ISO text in UTC). The offset is taken
  // twice: at the wall time read as UTC, then at the instant that gives, which settles it
  // across a clock change.
  function toInstant(isoDate, time) {
    var zone = due.zone();
    var wall = Date.parse(isoDate + "T" + time + ":00Z");
    if (isNaN(wall)) {
      return null;
    }
    var guess = wall - offsetAt(wall, zone);
    return new Date(wall - offsetAt(guess, zone)).toISOString();
  }

  // An instant as the owner's local { date, time }.
  function toLocal(instant) {
    var parts = wallParts(Date.parse(instant), due.zone());
    return { date: parts.year + "-" + parts.month + "-" + parts.day, time: parts.hour + ":" + parts.minute };
  }

  // The instant of a quick choice for a task due on dueDate (at dueTime, if any); null when the
  // choice needs what the task lacks.
  function choiceInstant(choice, dueDate, dueTime) {
    if (choice === "morning") {
      return dueDate ? toInstant(dueDate, MORNING) : null;
    }
    if (!dueDate || !dueTime) {
      return null;
    }
    var atDue = toInstant(dueDate, dueTime);
    if (choice === "due") {
      return atDue;
    }
    if (choice === "before30") {
      return new Date(Date.parse(atDue) - 30 * MINUTE).toISOString();
    }
    return null;
  }

  var QUICK_CHOICES = ["due", "before30", "morning"];

  // Which choice a stored reminder is: a quick one when it falls on its instant, else "custom".
  function choiceOf(remindAt, dueDate, dueTime) {
    if (!remindAt) {
      return "none";
    }
    var at = Date.parse(remindAt);
    var quick = QUICK_CHOICES.filter(function (choice) {
      var instant = choiceInstant(choice, dueDate, dueTime);
      return instant !== null && Date.parse(instant) === at;
    });
    return quick.length ? quick[0] : "custom";
  }

  // The custom field's value (datetime-local: "YYYY-MM-DDTHH:MM") for an instant, and back.
  function customValue(instant) {
    var local = toLocal(instant);
    return local.date + "T" + local.time;
  }

  function customInstant(value) {
    var match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value || "");
    return match ? toInstant(match[1], match[2]) : null;
  }

  // The row's bell: its accessible label, or null for a task without a pending reminder.
  function rowLabel(task) {
    if (task.done || !task.remind_at) {
      return null;
    }
    var local = toLocal(task.remind_at);
    return i18n.t("tasks.reminder", { when: due.dayName(local.date, due.now()) + " " + local.time });
  }

  TT.tasks.reminder = {
    choiceInstant: choiceInstant,
    choiceOf: choiceOf,
    customValue: customValue,
    customInstant: customInstant,
    rowLabel: rowLabel
  };
})(window);
;

/* js/views/tasks/lists.js */
/*
 * The task views, re-rendered when the store changes. "All tasks" (#task-lists): the open list,
 * in the user's order, and the done list, most recently done first. "Today" and "Upcoming" (#due-view):
 * the open tasks due today or overdue, and those due in the next 7 days grouped by day, in the
 * user's calendar (due.js). A list's view ("list", chosen in the sidebar): #task-lists with the
 * tasks of that list only (`inbox`: of none). Views that render themselves (the trash) register
 * with addView. Only the view shown is rendered. Each row's checkbox marks the task done or open;
 * its title button opens the editor (handlers.open). The row also shows the task's list (in the
 * views of several lists), its checklist progress and a marker when it has a description; the row
 * open in the editor is highlighted (markOpen) and a new one is scrolled to and flashed (reveal).
 * A change of view is announced with the "tt:viewchange" document event.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var store = TT.tasks.store;
  var due = TT.tasks.due;
  var repeat = TT.tasks.repeat;
  var empty = TT.tasks.empty;
  var ui = TT.ui;
  var VIEWS = ["all", "today", "upcoming", "list"];
  var view = "all";
  // Views that render themselves (trash.js): name -> { show(), hide() }.
  var ownViews = {};
  // The list of the "list" view: "inbox" or a list's id.
  var listId = null;
  // The task open in the editor, and the new tasks still highlighted (key -> true).
  var openKey = null;
  var revealed = {};
  var REVEAL_MS = 1500;

  function inList(task) {
    return listId === "inbox" ? task.list_id === null : task.list_id === listId;
  }

  // Timestamps are compared as instants: a local guess (milliseconds) may meet server values
  // (microseconds) in the same list.
  function byDoneRecentFirst(a, b) {
    return Date.parse(b.done_at) - Date.parse(a.done_at) || b.id - a.id;
  }

  // A row's checkbox ("toggle") or title button ("open").
  function rowControl(key, action) {
    return $(".task-item[data-task-id='" + key + "'] [data-action='" + action + "']");
  }

  function rowKey(element) {
    return $(element).closest(".task-item").attr("data-task-id");
  }

  // The views that mix lists show each task's list (tasks in no list, the Inbox's, show none).
  function showsLists() {
    return view !== "list";
  }

  // The task's list as the row shows it, or null: colour dot and name, "List:" for screen readers.
  function listLabel(task) {
    var sidebar = TT.tasks.sidebar;
    var list = task.list_id !== null && sidebar ? sidebar.list(task.list_id) : null;
    if (!list) {
      return null;
    }
    return $("<span>", { "class": "task-list-name" }).append(
      sidebar.dot(list.color),
      $("<span>", { "class": "visually-hidden" }).text(i18n.t("row.list") + " "),
      $("<span>", { "class": "task-list-text" }).text(list.name)
    );
  }

  function rowInfo($row, task, withList) {
    var items = task.checklist || [];
    var ticked = items.filter(function (item) {
      return item.done;
    }).length;
    var progress = items.length ? i18n.t("checklist.progress", { done: ticked, count: items.length }) : "";
    $row
      .find(".task-progress")
      .text(items.length ? ticked + "/" + items.length : "")
      .attr("title", progress || null);
    $row.find(".task-checklist-info").prop("hidden", !items.length);
    $row.find(".task-progress-label").text(progress);
    $row.find(".task-list-name").remove();
    var $list = withList ? listLabel(task) : null;
    if ($list) {
      $row.find(".task-info").prepend($list);
    }
    var described = !!$.trim(task.description || "");
    $row.find(".task-note").prop("hidden", !described).attr("title", described ? i18n.t("row.hasDescription") : null);
    $row.find(".task-note-label").text(described ? i18n.t("row.hasDescription") : "");
    var $info = $row.find(".task-info");
    var shown = $info.children().filter(function () {
      return !$(this).prop("hidden") && !$(this).is(".task-due:empty");
    });
    $info.prop("hidden", !shown.length);
  }

  // The row's second line: due date, list, checklist progress (shown "2/5", read out in words),
  // description marker, reminder bell.
  function infoLine() {
    return $("<span>", { "class": "task-info" }).append(
      $("<span>", { "class": "task-due" }),
      $("<span>", { "class": "task-checklist-info" }).append(
        TT.ui.icon("check2-square"),
        $("<span>", { "class": "task-progress", "aria-hidden": "true" }),
        $("<span>", { "class": "visually-hidden task-progress-label" })
      ),
      $("<span>", { "class": "task-note", hidden: true }).append(
        TT.ui.icon("justify-left"),
        $("<span>", { "class": "visually-hidden task-note-label" })
      ),
      // The bell is its only label: an image with a name, not a hidden icon.
      $("<span>", { "class": "bi bi-bell task-reminder", role: "img", hidden: true })
    );
  }

  function rowContent($row, task) {
    var dueLabel = due.label(task, due.now());
    $row.find(".task-title").text(task.title);
    repeat.marker($row.find(".task-repeat"), task);
    $row
      .find(".task-due")
      .text(dueLabel ? dueLabel.text : "")
      .toggleClass("task-due-overdue", !!(dueLabel && dueLabel.overdue));
    var reminderLabel = TT.tasks.reminder.rowLabel(task);
    $row
      .find(".task-reminder")
      .prop("hidden", !reminderLabel)
      .attr({ "aria-label": reminderLabel, title: reminderLabel });
    rowInfo($row, task, showsLists());
    $row
      .find("[data-action='toggle']")
      .prop("checked", !!task.done)
      .attr("aria-label", i18n.t(task.done ? "tasks.markOpen" : "tasks.markDone", { title: task.title }));
    $row.find(".task-meta").text(task.done && task.done_at ? i18n.t("tasks.doneAt", { date: i18n.formatDateTime(task.done_at) }) : "");
    markRow($row);
  }

  // A row (also the search's) shows whether it is the one open in the editor, or just added.
  function markRow($row) {
    var key = $row.attr("data-task-id");
    $row.toggleClass("task-open-row", key === openKey).toggleClass("task-revealed", !!revealed[key]);
    $row.find("[data-action='open']").attr("aria-current", key === openKey ? "true" : null);
  }

  // key: the task open in the editor, or null when it closes.
  function markOpen(key) {
    openKey = key;
    $(".task-item").each(function () {
      markRow($(this));
    });
  }

  function reducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  // A task just added: its row is scrolled into view and highlighted for a moment (CSS), and the
  // highlight outlives a re-render of the list meanwhile.
  function reveal(key) {
    var $row = $(".task-item[data-task-id='" + key + "']").first();
    if (!$row.length) {
      return;
    }
    revealed[key] = true;
    markRow($row);
    $row[0].scrollIntoView({ block: "nearest", behavior: reducedMotion() ? "auto" : "smooth" });
    window.setTimeout(function () {
      delete revealed[key];
      $(".task-item[data-task-id='" + key + "']").removeClass("task-revealed");
    }, REVEAL_MS);
  }

  function buildRow(task) {
    var key = store.key(task.id);
    var $row = $("<li>", { "class": "list-group-item task-item", "data-task-id": key });
    var $toggle = $("<input>", {
      type: "checkbox",
      "class": "form-check-input task-toggle",
      "data-action": "toggle",
      "aria-keyshortcuts": "X"
    });
    var $open = $("<button>", { type: "button", "class": "task-open", "data-action": "open", "aria-keyshortcuts": "E Enter" })
      .append($("<span>", { "class": "task-title" }))
      .append($("<span>", { "class": "task-repeat" }))
      .append(infoLine())
      .append($("<span>", { "class": "task-meta" }));
    // The label is the 44 x 44 hit area around the small checkbox on phones.
    $row.append($("<label>", { "class": "task-toggle-hit" }).append($toggle), $open);
    rowContent($row, task);
    return $row;
  }

  function renderRow(key) {
    if (store.shown(key)) {
      rowContent($(".task-item[data-task-id='" + key + "']"), store.shown(key));
    }
  }

  function renderAll(tasks) {
    var open = tasks.filter(function (task) {
      return !task.done;
    }).sort(store.byPosition);
    var done = tasks.filter(function (task) {
      return task.done;
    }).sort(byDoneRecentFirst);

    $("#open-tasks").empty().append($.map(open, buildRow));
    $("#done-tasks").empty().append($.map(done, buildRow));
    $("#open-count").text(open.length);
    renderDoneCount(done.length);
    $("#open-empty").prop("hidden", open.length > 0);
    $("#done-empty").prop("hidden", done.length > 0);
    if (!open.length) {
      empty.show($("#open-empty"), openEmptyState(done.length > 0));
    }
    if (!done.length) {
      empty.show($("#done-empty"), {
        icon: ui.icon("check2-square"),
        text: ui.translated("tasks.doneEmpty"),
        hint: empty.keysHint("empty.doneHint", "empty.doneHintTouch"),
        action: null
      });
    }
  }

  // Why the open list is empty, in the view shown (all tasks, the Inbox, a list), and what next.
  function openEmptyState(someDone) {
    var sidebar = TT.tasks.sidebar;
    if (view === "list" && listId === "inbox") {
      return { icon: ui.icon("inbox"), text: ui.translated("empty.inbox"), hint: empty.keysHint("empty.inboxHint", "empty.inboxHintTouch"), action: "add" };
    }
    if (view === "list") {
      var name = (sidebar && sidebar.listName(listId)) || "";
      return {
        icon: ui.icon("list-check"),
        text: ui.translated("empty.list", { name: name }),
        hint: ui.translated("empty.listHint"),
        action: "add"
      };
    }
    return {
      icon: ui.icon("check2-circle"),
      text: ui.translated(someDone ? "empty.allDone" : "empty.noTasks"),
      hint: empty.keysHint("empty.addHint", "empty.addHintTouch"),
      action: "add"
    };
  }

  // Only the loaded done tasks are counted: while more remain on the server, "100+" says so
  // (a count of them all would cost the list a second query).
  function renderDoneCount(loaded) {
    var more = store.moreDone();
    $("#done-count")
      .text(more ? loaded + "+" : loaded)
      .attr("title", more ? i18n.t("tasks.doneCountMoreLabel", { count: loaded }) : null);
    $("#done-more").prop("hidden", !more);
    if (!more) {
      $("#done-more-error").prop("hidden", true);
    }
  }

  /*
   * More done tasks: when the sentinel under the done list (#done-more) comes near the viewport,
   * and with its button (keyboard users, and browsers without IntersectionObserver). After a load
   * started by the button, focus goes to the first task it added, where reading goes on.
   */
  var moreObserver = null;
  var loadingMore = false;

  function loadMoreDone(fromButton) {
    if (loadingMore) {
      return;
    }
    loadingMore = true;
    var $button = $("#done-more [data-action='load-more-done']");
    $button.attr({ "aria-busy": "true", "aria-disabled": "true" }).text(i18n.t("tasks.loadingMoreDone"));
    $("#done-more-error").prop("hidden", true);
    store
      .loadMoreDone()
      .then(
        function (fresh) {
          if (fromButton && fresh.length) {
            rowControl(store.key(fresh[0].id), "open").trigger("focus");
          }
          watchMore();
        },
        function (error) {
          $("#done-more-error").prop("hidden", !!error.unauthenticated);
        }
      )
      .then(function () {
        loadingMore = false;
        $button.removeAttr("aria-busy aria-disabled").text(i18n.t("tasks.loadMoreDone"));
      });
  }

  // (Re)starts watching: an observer reports a sentinel already in view when it starts, so a
  // page too short to push the sentinel away is followed by the next one.
  function watchMore() {
    if (moreObserver) {
      moreObserver.unobserve($("#done-more")[0]);
      moreObserver.observe($("#done-more")[0]);
    }
  }

  function initLoadMore() {
    $("#done-more").on("click", "[data-action='load-more-done']", function () {
      loadMoreDone(true);
    });
    if (!("IntersectionObserver" in window)) {
      return;
    }
    moreObserver = new window.IntersectionObserver(
      function (entries) {
        var seen = entries.some(function (entry) {
          return entry.isIntersecting;
        });
        if (seen && view === "all" && store.moreDone() && $("#done-more-error").prop("hidden")) {
          loadMoreDone(false);
        }
      },
      { rootMargin: "0px 0px 400px 0px" }
    );
    moreObserver.observe($("#done-more")[0]);
  }

  function dueList(tasks) {
    return $("<ul>", { "class": "list-group task-list mb-3" }).append($.map(tasks, buildRow));
  }

  function renderDue(tasks, local) {
    var shown = tasks.filter(function (task) {
      return due.inView(task, view, local);
    }).sort(due.byDue);
    var $groups = $("#due-groups").empty();
    if (view === "today") {
      if (shown.length) {
        $groups.append(dueList(shown));
      }
    } else {
      var days = [];
      var byDay = {};
      shown.forEach(function (task) {
        if (!byDay[task.due_date]) {
          byDay[task.due_date] = [];
          days.push(task.due_date);
        }
        byDay[task.due_date].push(task);
      });
      days.forEach(function (day) {
        $groups.append($("<h3>", { "class": "h6 mt-3" }).text(due.dayName(day, local)), dueList(byDay[day]));
      });
    }
    $("#due-heading").text(i18n.t(view === "today" ? "views.todayHeading" : "views.upcomingHeading"));
    $("#due-empty").prop("hidden", shown.length > 0);
    if (!shown.length) {
      empty.show(
        $("#due-empty"),
        view === "today"
          ? { icon: ui.icon("sun"), text: ui.translated("empty.today"), hint: ui.translated("empty.todayHint"), action: "add" }
          : {
              icon: ui.icon("calendar-week"),
              text: ui.translated("views.upcomingEmpty"),
              hint: ui.translated("empty.upcomingHint"),
              action: "add"
            }
      );
    }
  }

  function renderTodayCount(tasks, local) {
    var count = tasks.filter(function (task) {
      return due.inView(task, "today", local);
    }).length;
    $("#today-count")
      .text(count)
      .attr("aria-label", i18n.t("views.todayCount", { count: count }))
      .prop("hidden", count === 0);
  }

  function renderLists() {
    // Rebuilding the lists replaces the focused element; put focus back on its replacement.
    var $focused = $(window.document.activeElement);
    var focusedKey = rowKey($focused);
    var focusedAction = $focused.attr("data-action");

    var tasks = store.all();
    var local = due.now();
    var listed = view === "all" || view === "list";
    // Until the first load answers the lists keep their place unseen (css/app.css): an empty
    // state would be wrong, and rows arriving would push what is below them.
    $("#tasks-view").toggleClass("tt-tasks-pending", !store.loaded());
    $("#task-lists").prop("hidden", !listed);
    $("#due-view").prop("hidden", listed || !!ownViews[view]);
    if (listed) {
      $("#due-groups").empty();
      renderAll(view === "list" ? tasks.filter(inList) : tasks);
    } else if (ownViews[view]) {
      $("#open-tasks, #done-tasks, #due-groups").empty();
    } else {
      $("#open-tasks, #done-tasks").empty();
      renderDue(tasks, local);
    }
    renderTodayCount(tasks, local);

    if (focusedKey && focusedAction) {
      rowControl(focusedKey, focusedAction).trigger("focus");
    }
  }

  // `list`: for the "list" view, "inbox" or a list's id.
  function showView(name, list) {
    view = (VIEWS.indexOf(name) === -1 && !ownViews[name]) || (name === "list" && !list) ? "all" : name;
    listId = view === "list" ? list : null;
    $("#task-views [data-view]").each(function () {
      var active = $(this).attr("data-view") === view;
      $(this).toggleClass("active", active).attr("aria-pressed", String(active));
    });
    $.each(ownViews, function (ownName, handlers) {
      if (ownName === view) {
        handlers.show();
      } else {
        handlers.hide();
      }
    });
    renderLists();
    $(window.document).trigger("tt:viewchange", [view, listId]);
  }

  function addView(name, handlers) {
    ownViews[name] = handlers;
  }

  // What a task added in the view shown starts with: one added in Today or Upcoming is due today,
  // one added in a list's view goes into that list, so that it appears where the user added it.
  function newTaskDefaults() {
    if (view === "list") {
      return listId === "inbox" ? {} : { list_id: listId };
    }
    return view === "all" ? {} : { due_date: due.now().date };
  }

  function samePlace(previous, task) {
    return (
      previous.done === task.done &&
      previous.done_at === task.done_at &&
      previous.due_date === task.due_date &&
      previous.due_time === task.due_time &&
      previous.position === task.position &&
      previous.list_id === task.list_id
    );
  }

  // A task whose done state, done time, due date or list changed moves; any other change only
  // rewrites its row.
  function onStoreChange(key, previous) {
    var task = key === undefined ? undefined : store.shown(key);
    if (task && previous && samePlace(previous, task)) {
      renderRow(key);
    } else {
      renderLists();
    }
  }

  /*
   * handlers:
   *   open(key, trigger)      a row's title button was clicked
   *   doneToggled(key, done, flushed)  a row's checkbox changed (after the store has the edit;
   *                                    `flushed` settles when it is saved)
   */
  function init(handlers) {
    store.onChange(onStoreChange);
    $("#task-views").on("click", "[data-view]", function () {
      showView($(this).attr("data-view"));
    });
    $("#task-lists, #due-view")
      .on("click", "[data-action='open']", function () {
        handlers.open(rowKey(this), this);
      })
      .on("change", "[data-action='toggle']", function () {
        var key = rowKey(this);
        var done = $(this).prop("checked");
        var saver = store.saverFor(key);
        saver.change({ done: done });
        var flushed = saver.flush();
        store.rebuild(key);
        handlers.doneToggled(key, done, flushed);
      });
    $(window.document).on("tt:languagechange tt:listschange", function () {
      renderLists();
    });
    initLoadMore();
  }

  TT.tasks.lists = {
    init: init,
    rowControl: rowControl,
    infoLine: infoLine,
    rowInfo: rowInfo,
    markRow: markRow,
    markOpen: markOpen,
    reveal: reveal,
    render: renderLists,
    showView: showView,
    addView: addView,
    current: function () {
      return { view: view, listId: listId };
    },
    newTaskDefaults: newTaskDefaults
  };
})(window, window.jQuery);
;

/* js/views/tasks/trash.js */
/*
 * The Trash (#trash-view), a view of its own beside All tasks, Today and Upcoming (lists.js): the
 * deleted tasks, most recently deleted first, each with when it was deleted and when it will be
 * deleted for good, Restore and Delete forever; and Empty trash, confirmed inline (it cannot be
 * undone). Loaded from the server each time it is shown. Also `moveToTrash(key)`, the one delete
 * of a task (the editor's and the Delete shortcut's), whose toast's Undo restores it (`restore`:
 * the task goes back into the store, to its place in its list).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var api = TT.api;
  var store = TT.tasks.store;
  var lists = TT.tasks.lists;

  var trash = { shown: false, tasks: [], request: null };

  function restore(key) {
    return api.restoreTask(key).then(function (task) {
      store.add([task]);
      return task;
    });
  }

  // Undo brings the task back where it was (its list, its place), focused in its row.
  function offerUndo(key, title) {
    return ui.undoToast(i18n.t("trash.moved", { title: title }), function () {
      restore(key)
        .then(function () {
          lists.rowControl(key, "open").trigger("focus");
        })
        .catch(function (error) {
          if (!error.unauthenticated) {
            ui.showNotice(ui.translated("trash.restoreFailed"), "danger");
          }
        });
    });
  }

  // Deleting asks nothing: the task's own edits are saved, it goes to the trash and a toast
  // offers Undo. A 404 (deleted elsewhere meanwhile) is what the user wanted.
  function moveToTrash(key) {
    var saver = store.saverFor(key);
    var title = store.shown(key).title;
    return saver
      .flush()
      .then(function () {
        return api.deleteTask(key).catch(function (error) {
          if (error.status !== 404) {
            throw error;
          }
        });
      })
      .then(function () {
        saver.stop();
        store.remove(key);
        offerUndo(key, title);
        return title;
      });
  }

  function rowOf(element) {
    return $(element).closest(".trash-item");
  }

  function taskOf(key) {
    return trash.tasks.filter(function (task) {
      return store.key(task.id) === key;
    })[0];
  }

  function buildRow(task) {
    var key = store.key(task.id);
    var $text = $("<div>", { "class": "flex-grow-1 trash-text" })
      .append($("<span>", { "class": "task-title d-block" }).text(task.title))
      .append(
        $("<span>", { "class": "small text-body-secondary trash-meta" }).text(
          i18n.t("trash.meta", {
            deleted: i18n.formatDateTime(task.deleted_at),
            purged: i18n.formatDateTime(task.purge_at)
          })
        )
      );
    var $restore = $("<button>", {
      type: "button",
      "class": "btn btn-sm btn-outline-primary",
      "data-action": "restore",
      "aria-label": i18n.t("trash.restoreTask", { title: task.title })
    }).text(i18n.t("trash.restore"));
    var $forever = $("<button>", {
      type: "button",
      "class": "btn btn-sm btn-outline-danger",
      "data-action": "delete-forever",
      "aria-label": i18n.t("trash.deleteForeverTask", { title: task.title })
    }).text(i18n.t("trash.deleteForever"));
    return $("<li>", {
      "class": "list-group-item trash-item d-flex flex-wrap align-items-center gap-2",
      "data-task-id": key
    }).append($text, $restore, $forever);
  }

  function showConfirm(visible) {
    $("#trash-empty-confirm").prop("hidden", !visible);
    $("#trash-empty").prop("hidden", visible || trash.tasks.length === 0);
  }

  function render() {
    var loading = trash.request !== null;
    $("#trash-tasks").empty().append($.map(trash.tasks, buildRow));
    $("#trash-none").prop("hidden", loading || trash.tasks.length > 0);
    $("#trash-loading").prop("hidden", !loading);
    showConfirm(false);
  }

  function setError(key) {
    var $error = $("#trash-error");
    if (key) {
      ui.setMessage($error.prop("hidden", false), ui.translated(key));
    } else {
      ui.clearMessage($error.prop("hidden", true));
    }
  }

  function announce(key, params) {
    ui.setMessage($("#trash-status"), ui.translated(key, params));
  }

  function load() {
    var request = api.listTrash();
    trash.request = request;
    setError(null);
    render();
    return request
      .then(function (list) {
        if (trash.request === request) {
          trash.tasks = list;
        }
      })
      .catch(function (error) {
        if (trash.request === request && !error.unauthenticated) {
          setError("trash.loadFailed");
        }
      })
      .then(function () {
        if (trash.request === request) {
          trash.request = null;
          render();
        }
      });
  }

  // The task left the trash (restored or deleted): its row goes, and focus moves to the same
  // button of the next row (or the one before), else to the heading.
  function removeRow(key, action) {
    var index = trash.tasks.indexOf(taskOf(key));
    trash.tasks.splice(index, 1);
    render();
    var $rows = $("#trash-tasks .trash-item");
    var $next = $rows.eq(Math.min(index, $rows.length - 1));
    if ($next.length) {
      $next.find("[data-action='" + action + "']").trigger("focus");
    } else {
      $("#trash-heading").trigger("focus");
    }
  }

  // A task another tab restored or deleted meanwhile (404) is no longer here: as the user wanted.
  function act(button, call, doneKey) {
    var $row = rowOf(button);
    var key = $row.attr("data-task-id");
    var action = $(button).attr("data-action");
    var task = taskOf(key);
    if (!task) {
      return;
    }
    $row.find("button").prop("disabled", true);
    setError(null);
    call(key)
      .catch(function (error) {
        if (error.status !== 404) {
          throw error;
        }
      })
      .then(function () {
        removeRow(key, action);
        announce(doneKey, { title: task.title });
      })
      .catch(function (error) {
        $row.find("button").prop("disabled", false);
        if (!error.unauthenticated) {
          setError("trash.actionFailed");
          $(button).trigger("focus");
        }
      });
  }

  function onEmptyConfirmed() {
    var $buttons = $("#trash-empty-confirm button").prop("disabled", true);
    setError(null);
    api
      .emptyTrash()
      .then(function () {
        trash.tasks = [];
        render();
        announce("trash.emptied");
        $("#trash-heading").trigger("focus");
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          setError("trash.actionFailed");
          $("#trash-empty-yes").trigger("focus");
        }
      })
      .then(function () {
        $buttons.prop("disabled", false);
      });
  }

  function show() {
    if (trash.shown) {
      return;
    }
    trash.shown = true;
    $("#trash-view").prop("hidden", false);
    // Nothing is added to the trash: the new-task form belongs to the other views.
    $("#new-task-form").prop("hidden", true);
    load();
  }

  function hide() {
    trash.shown = false;
    trash.request = null;
    trash.tasks = [];
    $("#trash-view").prop("hidden", true);
    $("#new-task-form").prop("hidden", false);
    ui.clearMessage($("#trash-status"));
    setError(null);
    render();
  }

  function init() {
    lists.addView("trash", { show: show, hide: hide });
    TT.tasks.empty.show($("#trash-none"), {
      icon: ui.icon("trash3"),
      text: ui.translated("trash.none"),
      hint: ui.translated("empty.trashHint"),
      action: null
    });
    $("#trash-view")
      .on("click", "[data-action='restore']", function () {
        act(this, restore, "trash.restored");
      })
      .on("click", "[data-action='delete-forever']", function () {
        act(this, api.deleteForever, "trash.deletedForever");
      })
      .on("click", "#trash-empty", function () {
        showConfirm(true);
        $("#trash-empty-yes").trigger("focus");
      })
      .on("click", "#trash-empty-no", function () {
        showConfirm(false);
        $("#trash-empty").trigger("focus");
      })
      .on("click", "#trash-empty-yes", onEmptyConfirmed);
    $(window.document).on("tt:languagechange", function () {
      if (trash.shown) {
        render();
      }
    });
  }

  TT.tasks.trash = {
    init: init,
    restore: restore,
    moveToTrash: moveToTrash
  };
})(window, window.jQuery);
;

/* js/views/tasks/order.js */
/*
 * The user's own order of open tasks: drag a row (SortableJS, vendor/) to another place in the
 * open list, or onto a list of the sidebar (.sidebar-list[data-list-id], "inbox" for the Inbox)
 * to move it there; with a row's control focused, Alt+ArrowUp / Alt+ArrowDown moves it one
 * place. The move shows at once (store.move) and is undone, with a notice, when the server
 * refuses it; each one is announced in #order-announcer. Done tasks are not in the order.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var api = TT.api;
  var ui = TT.ui;
  var store = TT.tasks.store;
  var SIDEBAR_LIST = ".sidebar-list[data-list-id]";
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
  var MAX_KEY_LENGTH = 64;

  // tasks.positions.between on the server: a key between two neighbours' (null: none), shown
  // until the server's own arrives; null when there is none to find (tied neighbours).
  function keyBetween(before, after) {
    var low = before || "";
    var high = after === undefined ? null : after;
    var key = "";
    if (high !== null && !(low < high)) {
      return null;
    }
    for (var index = 0; index < MAX_KEY_LENGTH; index += 1) {
      var lowDigit = index < low.length ? DIGITS.indexOf(low.charAt(index)) : 0;
      var highDigit = high === null ? DIGITS.length : index < high.length ? DIGITS.indexOf(high.charAt(index)) : 0;
      if (highDigit - lowDigit > 1) {
        return key + DIGITS.charAt(Math.floor((lowDigit + highDigit) / 2));
      }
      key += DIGITS.charAt(lowDigit);
      if (high !== null && lowDigit < highDigit) {
        high = null;
      }
    }
    return null;
  }

  function announce(key, params) {
    $("#order-announcer").text(i18n.t(key, params));
  }

  function rows() {
    return $("#open-tasks > .task-item");
  }

  // The open tasks of the list `task` is in, in the order the page shows them.
  function sameList(task) {
    return rows()
      .map(function () {
        var shown = store.shown($(this).attr("data-task-id"));
        return shown && !shown.done && shown.list_id === task.list_id ? shown : null;
      })
      .get();
  }

  function announcePlace(key) {
    var $rows = rows();
    var index = $rows.index($rows.filter("[data-task-id='" + key + "']"));
    if (index !== -1) {
      announce("order.moved", { position: index + 1, count: $rows.length });
    }
  }

  function failed(error) {
    if (!error.unauthenticated) {
      ui.showNotice(ui.translated("order.failed"), "danger");
      announce("order.failed");
    }
  }

  // After the server's answer: when it had to respace neighbours (their keys tied), this page's
  // copies of them are stale, and the list's open tasks are loaded again to keep the server's
  // order.
  function reconcile(task, previous, next) {
    var order = store.open().filter(function (shown) {
      return shown.list_id === task.list_id;
    });
    var index = order.findIndex(function (shown) {
      return shown.id === task.id;
    });
    var before = index > 0 ? order[index - 1].id : null;
    var after = index !== -1 && index + 1 < order.length ? order[index + 1].id : null;
    if (index === -1 || before !== (previous ? previous.id : null) || after !== (next ? next.id : null)) {
      var query = { list_id: task.list_id === null ? "inbox" : task.list_id, done: false };
      return api.listTasksPage(query).then(
        function (page) {
          store.add(page.tasks);
        },
        function () {}
      );
    }
    return Promise.resolve();
  }

  // Put the task between `previous` and `next` (shown tasks of its list; null: the start or the
  // end), at once on the page, then on the server.
  function place(task, previous, next) {
    var body = previous ? { after_id: previous.id } : next ? { before_id: next.id } : {};
    var position = keyBetween(previous && previous.position, next ? next.position : null);
    var placement = position === null ? {} : { position: position };
    var key = store.key(task.id);
    var moving = store.move(task.id, placement, function () {
      return api.moveTask(task.id, body);
    });
    // Announced where it shows: at once, or (no key to show it with) once the server placed it.
    if (position !== null) {
      announcePlace(key);
    }
    moving.then(function (moved) {
      return reconcile(moved, previous, next).then(function () {
        if (position === null) {
          announcePlace(key);
        }
      });
    }, failed);
  }

  function moveToList(task, listId, name) {
    var target = listId === "inbox" ? null : Number(listId);
    if (target === task.list_id) {
      TT.tasks.lists.render();
      return;
    }
    store
      .move(task.id, { list_id: target }, function () {
        return api.moveTask(task.id, { list_id: target });
      })
      .then(function () {
        announce("order.movedToList", { list: name });
      }, failed);
  }

  // Alt+ArrowUp / Alt+ArrowDown: one place up or down among the open tasks of its list.
  function onKey(event) {
    if (!event.altKey || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    var task = store.shown($(event.target).closest(".task-item").attr("data-task-id"));
    if (!task || task.done) {
      return;
    }
    event.preventDefault();
    var order = sameList(task);
    var index = order.findIndex(function (shown) {
      return shown.id === task.id;
    });
    var up = event.key === "ArrowUp";
    if (index === -1 || (up && index === 0) || (!up && index === order.length - 1)) {
      announce(up ? "order.first" : "order.last");
      return;
    }
    if (up) {
      place(task, order[index - 2] || null, order[index - 1]);
    } else {
      place(task, order[index + 1], order[index + 2] || null);
    }
  }

  // While a row is dragged: the sidebar list under the pointer, if any, highlighted.
  var dropTarget = null;

  function onPointerMove(event) {
    var point = event.touches ? event.touches[0] : event;
    var under = window.document.elementFromPoint(point.clientX, point.clientY);
    var target = under ? $(under).closest(SIDEBAR_LIST)[0] || null : null;
    if (target !== dropTarget) {
      $(dropTarget).removeClass("drop-target");
      $(target).addClass("drop-target");
      dropTarget = target;
    }
  }

  function onDragStart() {
    dropTarget = null;
    $(window.document).on("pointermove.order touchmove.order", onPointerMove);
  }

  // Sortable swallows the click a drag's release makes on the row it started on (its #1184 fix);
  // released elsewhere (on the sidebar), no such click comes and the user's next click would be
  // swallowed instead. A click of our own, after the release's, takes its place.
  function releaseClick() {
    window.setTimeout(function () {
      window.document.dispatchEvent(new window.MouseEvent("click"));
    }, 0);
  }

  function onDragEnd(event) {
    $(window.document).off(".order");
    var target = dropTarget;
    dropTarget = null;
    $(target).removeClass("drop-target");
    var task = store.shown($(event.item).attr("data-task-id"));
    if (!task || task.done) {
      TT.tasks.lists.render();
      return;
    }
    if (target) {
      releaseClick();
      var $name = $(target).find(".sidebar-name");
      moveToList(task, $(target).attr("data-list-id"), $.trim(($name.length ? $name : $(target)).text()));
      return;
    }
    if (event.oldIndex === event.newIndex) {
      return;
    }
    // Sortable has moved the row: its neighbours of the same list on the page are its new ones.
    var order = sameList(task);
    var index = order.findIndex(function (shown) {
      return shown.id === task.id;
    });
    place(task, order[index - 1] || null, order[index + 1] || null);
  }

  function init() {
    window.Sortable.create(window.document.getElementById("open-tasks"), {
      draggable: ".task-item",
      animation: 150,
      // Pointer events rather than the browser's drag and drop: one path for mouse, touch and
      // pen, and the pointer's position for a drop on the sidebar.
      forceFallback: true,
      // A click on a title stays a click; on touch, a short press first, so the page scrolls.
      fallbackTolerance: 4,
      delay: 150,
      delayOnTouchOnly: true,
      // The checkbox toggles the task, it does not drag it.
      filter: "input",
      preventOnFilter: false,
      ghostClass: "task-drag-ghost",
      onStart: onDragStart,
      onEnd: onDragEnd
    });
    $("#open-tasks").on("keydown", ".task-item", onKey);
  }

  TT.tasks.order = {
    init: init,
    keyBetween: keyBetween
  };
})(window, window.jQuery);
;

/* js/views/tasks/checklist.js */
/*
 * The checklist inside the editor (#task-checklist): items added, ticked, edited, moved (buttons,
 * or Alt+Up/Alt+Down in an item's text) and deleted. The editor gives it the task's items when it
 * opens and a listener that gets the whole list after every change, to autosave it: an item whose
 * text is empty is left out until it has some (the server refuses empty items). Ids are made here,
 * so an item keeps its id through autosaves and moves before any response arrives.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;

  var state = { items: [], onChange: $.noop };

  function newId() {
    return "i" + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
  }

  function saved() {
    return state.items
      .filter(function (item) {
        return $.trim(item.text) !== "";
      })
      .map(function (item) {
        return { id: item.id, text: $.trim(item.text), done: item.done };
      });
  }

  function changed() {
    state.onChange(saved());
  }

  function indexOf(id) {
    for (var i = 0; i < state.items.length; i += 1) {
      if (state.items[i].id === id) {
        return i;
      }
    }
    return -1;
  }

  function buildItem(item) {
    var $item = $("<li>", { "class": "checklist-item", "data-item-id": item.id });
    $item.append(
      // The label is the 44 x 44 hit area around the small box on phones (css/theme.css).
      $("<label>", { "class": "checklist-toggle-hit" }).append(
        $("<input>", { type: "checkbox", "class": "form-check-input", "data-action": "item-done" }).prop("checked", item.done)
      ),
      $("<input>", {
        type: "text",
        "class": "form-control form-control-sm",
        "data-action": "item-text",
        maxlength: 500,
        autocomplete: "off"
      }).val(item.text),
      $("<button>", { type: "button", "class": "btn btn-sm btn-outline-secondary", "data-action": "item-up" }).text("↑"),
      $("<button>", { type: "button", "class": "btn btn-sm btn-outline-secondary", "data-action": "item-down" }).text("↓"),
      $("<button>", { type: "button", "class": "btn btn-sm btn-outline-danger", "data-action": "item-delete" }).append(TT.ui.icon("x-lg"))
    );
    return $item;
  }

  function labelItem($item, item, index) {
    var text = $.trim(item.text) || i18n.t("checklist.untitled");
    $item.find("[data-action='item-done']").attr("aria-label", i18n.t("checklist.done", { text: text }));
    $item.find("[data-action='item-text']").attr("aria-label", i18n.t("checklist.text", { position: index + 1 }));
    $item.find("[data-action='item-up']").attr("aria-label", i18n.t("checklist.up", { text: text })).prop("disabled", index === 0);
    $item
      .find("[data-action='item-down']")
      .attr("aria-label", i18n.t("checklist.down", { text: text }))
      .prop("disabled", index === state.items.length - 1);
    $item.find("[data-action='item-delete']").attr("aria-label", i18n.t("checklist.delete", { text: text }));
  }

  function renderLabels() {
    $("#task-checklist-items .checklist-item").each(function (index) {
      labelItem($(this), state.items[index], index);
    });
    var done = state.items.filter(function (item) {
      return item.done;
    }).length;
    $("#task-checklist-progress").text(state.items.length ? done + "/" + state.items.length : "");
  }

  function render() {
    $("#task-checklist-items").empty().append($.map(state.items, buildItem));
    renderLabels();
  }

  function announce(key, params) {
    $("#task-checklist-status").text(i18n.t(key, params));
  }

  function itemId(element) {
    return $(element).closest(".checklist-item").attr("data-item-id");
  }

  function focusItem(id, action) {
    $("#task-checklist-items .checklist-item[data-item-id='" + id + "'] [data-action='" + action + "']").trigger("focus");
  }

  function move(id, offset, focusAction) {
    var from = indexOf(id);
    var to = from + offset;
    if (from === -1 || to < 0 || to >= state.items.length) {
      return;
    }
    var item = state.items.splice(from, 1)[0];
    state.items.splice(to, 0, item);
    render();
    focusItem(id, focusAction);
    announce("checklist.moved", { text: $.trim(item.text), position: to + 1, count: state.items.length });
    changed();
  }

  function add() {
    var $input = $("#task-checklist-new");
    var text = $.trim($input.val());
    if (!text) {
      return;
    }
    state.items.push({ id: newId(), text: text, done: false });
    $input.val("");
    render();
    announce("checklist.added", { text: text });
    changed();
  }

  function remove(id) {
    var index = indexOf(id);
    if (index === -1) {
      return;
    }
    var item = state.items.splice(index, 1)[0];
    render();
    var next = state.items[Math.min(index, state.items.length - 1)];
    if (next) {
      focusItem(next.id, "item-delete");
    } else {
      $("#task-checklist-new").trigger("focus");
    }
    announce("checklist.deleted", { text: $.trim(item.text) });
    changed();
  }

  // The editor opens a task: its items, and where each change goes.
  function show(items, onChange) {
    state.items = $.map(items || [], function (item) {
      return { id: item.id, text: item.text, done: !!item.done };
    });
    state.onChange = onChange;
    $("#task-checklist-new").val("");
    $("#task-checklist-status").text("");
    render();
  }

  function init() {
    $("#task-checklist")
      .on("change", "[data-action='item-done']", function () {
        var item = state.items[indexOf(itemId(this))];
        item.done = $(this).prop("checked");
        renderLabels();
        changed();
      })
      .on("input", "[data-action='item-text']", function () {
        state.items[indexOf(itemId(this))].text = $(this).val();
        renderLabels();
        changed();
      })
      .on("keydown", "[data-action='item-text']", function (event) {
        if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
          event.preventDefault();
          move(itemId(this), event.key === "ArrowUp" ? -1 : 1, "item-text");
        }
      })
      .on("click", "[data-action='item-up']", function () {
        move(itemId(this), -1, "item-up");
      })
      .on("click", "[data-action='item-down']", function () {
        move(itemId(this), 1, "item-down");
      })
      .on("click", "[data-action='item-delete']", function () {
        remove(itemId(this));
      })
      .on("click", "#task-checklist-add", add)
      .on("keydown", "#task-checklist-new", function (event) {
        var composing = event.originalEvent.isComposing || event.keyCode === 229;
        if (event.key === "Enter" && !composing) {
          event.preventDefault();
          add();
        }
      });
    $(window.document).on("tt:languagechange", renderLabels);
  }

  TT.tasks.checklist = {
    init: init,
    show: show
  };
})(window, window.jQuery);
;

/* js/views/tasks/panel.js */
/*
 * The task editor's frame (#task-modal, panel.css). From 992 px it is a side panel beside the
 * list, which stays usable: a non-modal dialog, and a click on another row switches the panel to
 * that task. Below 992 px it is a sheet over the page (the whole screen on phones): a modal dialog,
 * the page behind it inert, sized to the visual viewport so that the on-screen keyboard does not
 * hide the field being typed in. One close button and Escape close it. Same interface and hooks as
 * ui.Modal (show, hide, isOpen; initialFocus, onHide, onHidden, fallbackFocus).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var WIDE = "(min-width: 992px)";

  function Panel(element, hooks) {
    var self = this;
    this.$element = $(element);
    this.hooks = hooks || {};
    this.returnFocusTo = null;
    this.wide = window.matchMedia(WIDE);
    // Escape in the panel, or beside it on the list (but not in the list's own fields, where
    // Escape means something else: quick add, search).
    $(window.document).on("keydown", function (event) {
      var inPanel = $.contains(element, event.target);
      if (
        event.key === "Escape" &&
        !event.isDefaultPrevented() &&
        self.isOpen() &&
        (inPanel || !$(event.target).is("input:not([type='checkbox']), textarea, select"))
      ) {
        event.preventDefault();
        self.hide();
      }
    });
    this.$element.on("click", "[data-action='close-editor']", function () {
      self.hide();
    });
    $(this.wide).on("change", function () {
      if (self.isOpen()) {
        self.applyMode();
      }
    });
    if (window.visualViewport) {
      $(window.visualViewport).on("resize scroll", function () {
        if (self.isOpen()) {
          self.fitViewport();
        }
      });
    }
  }

  Panel.prototype.isOpen = function () {
    return !this.$element.prop("hidden");
  };

  // Modal below 992 px only: there the sheet covers the list, so the page behind is inert.
  Panel.prototype.applyMode = function () {
    var modal = this.isOpen() && !this.wide.matches;
    this.$element.attr("aria-modal", modal ? "true" : null);
    $("body > header, #main").prop("inert", modal);
    $(window.document.body)
      .toggleClass("task-panel-open", this.isOpen())
      .toggleClass("task-panel-modal", modal);
    this.fitViewport();
  };

  // With the on-screen keyboard open the visual viewport is smaller than 100dvh in some browsers
  // (Safari): the sheet takes the visible part, and the focused field is scrolled back into it.
  Panel.prototype.fitViewport = function () {
    var element = this.$element[0];
    var viewport = window.visualViewport;
    if (!viewport || this.wide.matches || !this.isOpen()) {
      element.style.height = "";
      element.style.top = "";
      return;
    }
    element.style.height = viewport.height + "px";
    element.style.top = viewport.offsetTop + "px";
    var focused = window.document.activeElement;
    if (focused && $.contains(element, focused) && $(focused).is("input, textarea, select")) {
      focused.scrollIntoView({ block: "nearest" });
    }
  };

  // Shown again while open (another row): the new trigger is where focus goes back to.
  Panel.prototype.show = function (returnFocusTo) {
    this.returnFocusTo = returnFocusTo || window.document.activeElement;
    this.$element.prop("hidden", false);
    this.applyMode();
    var target = this.hooks.initialFocus && this.hooks.initialFocus();
    if (target && target.length) {
      target.trigger("focus");
    }
  };

  Panel.prototype.hide = function () {
    if (!this.isOpen()) {
      return;
    }
    if (this.hooks.onHide) {
      this.hooks.onHide();
    }
    this.$element.prop("hidden", true);
    this.applyMode();
    var $target = $(this.returnFocusTo);
    this.returnFocusTo = null;
    if (this.hooks.onHidden) {
      this.hooks.onHidden();
    }
    if (!$target.length || !$.contains(window.document, $target[0]) || !$target.is(":visible")) {
      $target = this.hooks.fallbackFocus ? this.hooks.fallbackFocus() : $();
    }
    if ($target && $target.length) {
      $target.trigger("focus");
    }
  };

  TT.tasks.Panel = Panel;
})(window, window.jQuery);
;

/* js/views/tasks/completion.js */
/*
 * What completing a task tells the user, wherever it was ticked (a row's checkbox, `x`, the
 * editor's Done box): one toast, announced once to screen readers (ui.js). A task that does not
 * repeat gets Undo, which makes it open again through its saver (PATCH with If-Match), as the
 * `z` shortcut does. A recurring task is not closed by the server: it records the occurrence and
 * moves the task to its next date (docs/api.md, "Recurring tasks"), so its toast says where the
 * task went, once that save is answered, and offers no Undo: the API has no way to take a
 * recorded occurrence back, and moving the date back alone would leave the occurrence counted
 * as done (in the digest) while the task is due again.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var store = TT.tasks.store;
  var due = TT.tasks.due;

  // The toast of each task's latest completion (key -> handle), closed when it is reopened.
  var toasts = {};
  var handlers = { reopened: $.noop };

  function forget(key) {
    if (toasts[key]) {
      toasts[key].dismiss();
      delete toasts[key];
    }
  }

  function reopen(key) {
    if (!store.shown(key)) {
      return;
    }
    var saver = store.saverFor(key);
    saver.change({ done: false });
    var flushed = saver.flush();
    store.rebuild(key);
    handlers.reopened(key, flushed);
  }

  function offerUndo(key, title) {
    toasts[key] = ui.undoToast(i18n.t("shortcuts.completedToast", { title: title }), function () {
      delete toasts[key];
      reopen(key);
    });
  }

  // The user marked a task done; `flushed` settles when that change is saved.
  function completed(key, flushed) {
    var task = store.shown(key);
    if (!task) {
      return;
    }
    forget(key);
    if (!task.recurrence) {
      offerUndo(key, task.title);
      return;
    }
    flushed.then(function () {
      var moved = store.shown(key);
      var saver = store.existingSaver(key);
      if (!moved || !saver || saver.state() === "failed") {
        return; // the save status or the background notice says so
      }
      if (moved.done) {
        // A schedule with no date left ends when completed: an ordinary done task.
        offerUndo(key, moved.title);
        return;
      }
      toasts[key] = ui.infoToast(
        i18n.t("completion.nextToast", { title: moved.title, date: due.dayName(moved.due_date, due.now()) })
      );
    });
  }

  // The user made it open again by other means than the toast: its toast has nothing left to say.
  function reopened(key) {
    forget(key);
  }

  /*
   * given.reopened(key, flushed): Undo made the task open again (after the store has the edit).
   */
  function init(given) {
    handlers = $.extend({}, handlers, given);
  }

  function reset() {
    $.each(Object.keys(toasts), function (index, key) {
      forget(key);
    });
  }

  TT.tasks.completion = {
    init: init,
    completed: completed,
    reopened: reopened,
    reset: reset
  };
})(window, window.jQuery);
;

/* js/views/tasks/editor.js */
/*
 * The task editor (#task-modal: a side panel or a sheet, panel.js). Its inputs are filled when it opens and from then on only
 * the user writes them; every edit goes through the task's TaskSaver (autosave) and the store.
 * Also owned here: the dialog's save status, the notice for failed saves of the other tasks
 * (#background-saves) and delete: no question asked, the task goes to the trash and a toast
 * offers Undo (trash.js restores it).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var api = TT.api;
  var store = TT.tasks.store;
  var fields = TT.tasks.fields;
  var lists = TT.tasks.lists;
  var checklist = TT.tasks.checklist;
  var repeat = TT.tasks.repeat;
  var due = TT.tasks.due;
  var reminder = TT.tasks.reminder;
  var trash = TT.tasks.trash;
  var completion = TT.tasks.completion;

  var editor = { id: null, lastId: null, touched: false, modal: null };

  function saveErrorMessage(saver) {
    var error = saver.error;
    var unsaved = saver.unsavedFields();
    var field = ["title", "description"].filter(function (name) {
      return error.fieldErrors[name];
    })[0];
    return field ? fields.message(field, unsaved[field], error.fieldErrors[field]) : ui.errorMessage(error);
  }

  function renderSaveStatus() {
    var $status = $("#task-save-status");
    var $text = $status.find(".save-text");
    var $retry = $status.find("[data-action='retry-save']");
    var key = editor.id;
    var saver = key && store.existingSaver(key);
    $status.removeClass("text-danger text-success");
    $retry.prop("hidden", true);
    if (key && !store.shown(key)) {
      $text.text(i18n.t("save.gone"));
      $status.addClass("text-danger");
      return;
    }
    if (!saver || !editor.touched) {
      $text.text(i18n.t("editor.autosaveHint"));
      return;
    }
    var state = saver.state();
    if (state === "saving") {
      $text.text(i18n.t("save.saving"));
    } else if (state === "failed") {
      // A failure that is retried by itself needs no explanation; a refusal says why.
      $text.text(
        saver.retrying()
          ? i18n.t("save.failed")
          : i18n.t("save.rejected", { message: ui.messageText(saveErrorMessage(saver)) })
      );
      $status.addClass("text-danger");
      $retry.prop("hidden", false);
    } else {
      $text.text(i18n.t("save.saved"));
      $status.addClass("text-success");
    }
  }

  // The open editor shows its own task's save status; the notice is for the other tasks.
  function renderBackgroundSaves() {
    var shownInEditor = editor.id === null ? null : store.existingSaver(editor.id);
    var inBackground = store.failedSavers().filter(function (saver) {
      return saver !== shownInEditor;
    });
    $("#background-saves").prop("hidden", inBackground.length === 0);
  }

  function renderCreated() {
    var task = store.shown(editor.id);
    $("#task-created").text(i18n.t("editor.created", { date: i18n.formatDateTime(task.created_at) }));
  }

  function setTitleError(message) {
    var $title = $("#task-title");
    if (message) {
      $title.addClass("is-invalid").attr("aria-invalid", "true");
      ui.setMessage($title.siblings(".invalid-feedback"), message);
    } else {
      $title.removeClass("is-invalid").removeAttr("aria-invalid");
      ui.clearMessage($title.siblings(".invalid-feedback"));
    }
  }

  function clearDeleteError() {
    ui.clearMessage($("#task-delete-error").prop("hidden", true));
  }

  function open(key, trigger) {
    var task = store.shown(key);
    if (!task) {
      return;
    }
    // Another task while the panel is open: what was typed in this one is sent first.
    if (editor.id !== null && editor.id !== key) {
      flushEditor();
    }
    editor.id = key;
    editor.lastId = key;
    editor.touched = false;
    fillFields(task, true);
    renderCreated();
    $("#task-editor-form").find("input, textarea, button").prop("disabled", false);
    showDue(task.due_date, task.due_time);
    repeat.show(task.recurrence, task.due_date);
    showRemind(reminder.choiceOf(task.remind_at, task.due_date, task.due_time), task.remind_at);
    checklist.show(task.checklist, onChecklistChange);
    setTitleError(null);
    clearDeleteError();
    renderSaveStatus();
    renderBackgroundSaves();
    lists.markOpen(key);
    editor.modal.show(trigger);
  }

  // The list's checkbox and the editor's show the same thing: a user's action, not a server copy.
  // Wherever it was ticked, completing shows one toast (completion.js); a recurring task moves
  // on once `flushed` (its save) settles.
  function showDone(key, done, flushed) {
    if (editor.id === key) {
      $("#task-done").prop("checked", done);
    }
    var task = store.shown(key);
    if (!done || !task || !flushed) {
      completion.reopened(key);
      return;
    }
    completion.completed(key, flushed);
    if (task.recurrence) {
      afterRecurringDone(key, flushed);
    }
  }

  // The text fields, the done box and the list as `task` shows them. Once open, a title the user
  // emptied (refused here, not saved) stays empty for them to fill.
  function fillFields(task, opening) {
    var $title = $("#task-title");
    if (opening || $.trim($title.val())) {
      $title.val(task.title);
    }
    $("#task-description").val(task.description || "");
    $("#task-done").prop("checked", !!task.done);
    $("#task-list").val(task.list_id === null ? "inbox" : String(task.list_id));
  }

  // A change that arrives while the editor is open (another tab or device, live.js) shows in its
  // fields: the shown copy already holds this page's unsaved edits, so a field the user is typing
  // in keeps its text (setting a field to its own value leaves the caret), and one they are not
  // typing in must not keep the older text to send later.
  function refreshFromStore() {
    var task = editor.id && store.shown(editor.id);
    if (task) {
      fillFields(task, false);
    }
  }

  function editorSaver() {
    return editor.id && store.shown(editor.id) ? store.saverFor(editor.id) : null;
  }

  function onTitleInput() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var title = $(this).val();
    editor.touched = true;
    if (!$.trim(title)) {
      // Refused locally: the description and other fields keep saving, the stored title stays.
      setTitleError(ui.translated("tasks.titleRequired"));
      saver.discard("title");
      store.rebuild(editor.id);
      return;
    }
    setTitleError(null);
    saver.change({ title: title });
    store.rebuild(editor.id);
  }

  function onDescriptionInput() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var description = $(this).val();
    editor.touched = true;
    saver.change({ description: description });
    store.rebuild(editor.id);
  }

  function onDoneChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var done = $(this).prop("checked");
    editor.touched = true;
    saver.change({ done: done });
    var flushed = saver.flush();
    store.rebuild(editor.id);
    showDone(editor.id, done, flushed);
  }

  // Options: the sidebar's lists (sidebar.js).
  function onListChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var value = $(this).val();
    editor.touched = true;
    saver.change({ list_id: value === "inbox" ? null : Number(value) });
    saver.flush();
    store.rebuild(editor.id);
  }

  // A completed recurring task stays open at its next date: the editor shows where it went (the
  // toast of completion.js says so).
  function afterRecurringDone(key, flushed) {
    flushed.then(function () {
      var task = store.shown(key);
      var saver = store.existingSaver(key);
      if (!task || !saver || saver.state() === "failed" || editor.id !== key) {
        return;
      }
      $("#task-done").prop("checked", !!task.done);
      showDue(task.due_date, task.due_time);
      repeat.show(task.recurrence, task.due_date);
    });
  }

  // The user picked a schedule: it needs a date, today's when the task has none yet.
  function onRepeatChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var dueDate = $("#task-due-date").val() || null;
    var rule = repeat.fromControls(dueDate || due.now().date);
    var changes = { recurrence: rule };
    if (rule && !dueDate) {
      dueDate = due.now().date;
      showDue(dueDate, null);
      changes.due_date = dueDate;
    }
    repeat.show(rule, dueDate);
    editor.touched = true;
    saver.change(changes);
    saver.flush();
    store.rebuild(editor.id);
  }

  function onRepeatStop() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    editor.touched = true;
    repeat.show(null, $("#task-due-date").val() || null);
    saver.change({ recurrence: null });
    saver.flush();
    store.rebuild(editor.id);
    $("#task-repeat-freq").trigger("focus");
  }

  // Skipping moves the task on the server, after this page's own changes are saved.
  function onRepeatSkip() {
    var key = editor.id;
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    repeat.showError(null);
    saver
      .flush()
      .then(function () {
        var known = store.serverCopy(key);
        return api.skipTask(key, known && known.version);
      })
      .then(function (task) {
        store.add([task]);
        if (editor.id === key) {
          showDue(task.due_date, task.due_time);
          repeat.show(task.recurrence, task.due_date);
        }
        repeat.announceNext(task);
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          repeat.showError(i18n.t("repeat.skipFailed"));
        }
      });
  }

  // A time needs a date: the time field waits for one.
  function showDue(dueDate, dueTime) {
    $("#task-due-date").val(dueDate || "");
    $("#task-due-time")
      .val(dueDate ? dueTime || "" : "")
      .prop("disabled", !dueDate);
    $("#task-due-clear").prop("disabled", !dueDate);
  }

  // Date and time go together, so the server never sees a time without its date.
  function onDueChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var dueDate = $("#task-due-date").val() || null;
    var dueTime = (dueDate && $("#task-due-time").val()) || null;
    var changes = { due_date: dueDate, due_time: dueTime };
    showDue(dueDate, dueTime);
    // A recurring task needs its date: clearing the date stops repeating; a new date may move
    // the day of the month a schedule repeats on.
    if (repeat.current()) {
      changes.recurrence = dueDate ? repeat.ruleOn(dueDate) : null;
      repeat.show(changes.recurrence, dueDate);
    }
    editor.touched = true;
    // A reminder chosen relative to the due date follows it, or goes when the date or time does.
    var choice = $("#task-remind").val();
    if (choice !== "none" && choice !== "custom") {
      changes.remind_at = reminder.choiceInstant(choice, dueDate, dueTime);
      showRemind(changes.remind_at ? choice : "none", changes.remind_at);
    } else {
      showRemind(choice, null);
    }
    saver.change(changes);
    saver.flush();
    store.rebuild(editor.id);
  }

  // The quick choices that need a due date (and time) wait for them; "custom" shows its field.
  function showRemind(choice, remindAt) {
    var dueDate = $("#task-due-date").val();
    var dueTime = dueDate && $("#task-due-time").val();
    var $select = $("#task-remind");
    $select.find("option[value='due'], option[value='before30']").prop("disabled", !dueTime);
    $select.find("option[value='morning']").prop("disabled", !dueDate);
    $select.val(choice);
    $("#task-remind-custom-group").prop("hidden", choice !== "custom");
    if (choice === "custom" && remindAt) {
      $("#task-remind-custom").val(reminder.customValue(remindAt));
    }
  }

  function onRemindChange() {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    var choice = $("#task-remind").val();
    var remindAt = null;
    if (choice === "custom") {
      remindAt = reminder.customInstant($("#task-remind-custom").val());
      if (!remindAt) {
        showRemind(choice, null);
        $("#task-remind-custom").trigger("focus");
        return; // Saved once the field has a date and time.
      }
    } else if (choice !== "none") {
      remindAt = reminder.choiceInstant(choice, $("#task-due-date").val(), $("#task-due-time").val() || null);
    }
    showRemind(choice, remindAt);
    editor.touched = true;
    saver.change({ remind_at: remindAt });
    saver.flush();
    store.rebuild(editor.id);
  }

  function onChecklistChange(items) {
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    editor.touched = true;
    saver.change({ checklist: items });
    store.rebuild(editor.id);
  }

  function flushEditor() {
    var saver = editorSaver();
    if (saver) {
      saver.flush();
    }
  }

  function onDelete() {
    var key = editor.id;
    var saver = editorSaver();
    if (!saver) {
      return;
    }
    clearDeleteError();
    var $form = $("#task-editor-form");
    $form.find("input, textarea, button").prop("disabled", true);
    trash
      .moveToTrash(key)
      .then(function () {
        editor.modal.hide();
      })
      .catch(function (error) {
        $form.find("input, textarea, button").prop("disabled", false);
        showDue($("#task-due-date").val(), $("#task-due-time").val());
        if (error.unauthenticated) {
          return;
        }
        ui.setMessage($("#task-delete-error").prop("hidden", false), ui.translated("editor.deleteFailed"));
        $("#task-delete").trigger("focus");
      });
  }

  // The user is gone (run after the store is cleared).
  function reset() {
    completion.reset();
    editor.id = null;
    if (editor.modal && editor.modal.isOpen()) {
      editor.modal.hide();
    }
    renderBackgroundSaves();
  }

  function init() {
    completion.init({
      reopened: function (key) {
        if (editor.id === key) {
          $("#task-done").prop("checked", false);
        }
      }
    });
    repeat.init({ changed: onRepeatChange, skip: onRepeatSkip, stop: onRepeatStop });
    editor.modal = new TT.tasks.Panel($("#task-modal")[0], {
      initialFocus: function () {
        return $("#task-title");
      },
      onHide: flushEditor,
      onHidden: function () {
        editor.id = null;
        lists.markOpen(null);
        renderBackgroundSaves();
      },
      fallbackFocus: function () {
        var $open = lists.rowControl(editor.lastId, "open");
        return $open.length ? $open : $("#new-task-title");
      }
    });

    store.onSaveStateChange(function (key) {
      if (editor.id === key) {
        renderSaveStatus();
      }
      renderBackgroundSaves();
    });
    store.onChange(refreshFromStore);
    store.onGone(function (key) {
      if (editor.id === key) {
        renderSaveStatus();
      }
    });

    $("#background-saves").on("click", "[data-action='retry-all']", store.retryFailed);

    $("#task-editor-form")
      .on("submit", function (event) {
        event.preventDefault();
      })
      .on("input", "#task-title", onTitleInput)
      .on("input", "#task-description", onDescriptionInput)
      .on("blur", "#task-title, #task-description, #task-checklist input", flushEditor)
      .on("change", "#task-done", onDoneChange)
      .on("change", "#task-list", onListChange)
      .on("change", "#task-due-date, #task-due-time", onDueChange)
      .on("change", "#task-remind, #task-remind-custom", onRemindChange)
      .on("click", "#task-due-clear", function () {
        $("#task-due-date, #task-due-time").val("");
        onDueChange();
        $("#task-due-date").trigger("focus");
      })
      .on("keydown", "#task-title", function (event) {
        // During IME composition Enter picks a candidate (Safari reports it as keyCode 229).
        var composing = event.originalEvent.isComposing || event.keyCode === 229;
        if (event.key === "Enter" && !composing) {
          event.preventDefault();
          editor.modal.hide();
        }
      })
      .on("click", "[data-action='retry-save']", function () {
        var saver = editorSaver();
        if (saver) {
          saver.retry();
        }
      })
      .on("click", "#task-delete", onDelete);

    $(window.document).on("tt:languagechange", function () {
      renderSaveStatus();
      if (editor.id && store.shown(editor.id)) {
        renderCreated();
      }
    });
  }

  TT.tasks.editor = {
    init: init,
    open: open,
    showDone: showDone,
    reset: reset
  };
})(window, window.jQuery);
;

/* js/views/tasks/quick-add.js */
/*
 * The new-task form above the lists (#new-task-form): checks the title as the server would,
 * creates the task and adds it to the store; a refusal is shown under the field.
 *
 * Quick add: as the user types, POST /tasks/parse (debounced, the latest answer wins) says what
 * the text holds besides the title (due date and time, repetition, a #list); it is shown as chips under the
 * field and announced to screen readers. A chip's × button, or Escape in the field (the last chip
 * first), keeps that part as text: it is sent as `literal` from then on, until the field is empty.
 * Enter creates what the chips show; when the recognition of the text typed is not back within a
 * moment (or failed), the task is created from the literal text.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;
  var store = TT.tasks.store;
  var fields = TT.tasks.fields;
  var due = TT.tasks.due;

  var DEBOUNCE_MS = 250;
  // How long Enter waits for the recognition of the text typed before creating it literally.
  var SUBMIT_WAIT_MS = 1500;

  var literal = {}; // parts kept as text: { due: true, recurrence: true }
  var recognition = null; // { key, result }: the answer for the text and parts in `key`
  var pending = null; // { key, promise }: the newest request
  var sequence = 0;
  var timer = null;
  // Whether POST /tasks takes `recurrence`; learnt from its first refusal.
  var recurrenceAccepted = true;

  function $input() {
    return $("#new-task-title");
  }

  function requestFor(text) {
    var parts = $.map(["due", "recurrence", "list"], function (part) {
      return literal[part] ? part : null;
    });
    return { text: text, locale: i18n.language(), literal: parts };
  }

  function keyOf(request) {
    return JSON.stringify(request);
  }

  function parse() {
    timer = null;
    var text = $.trim($input().val());
    if (!text) {
      return Promise.resolve(null);
    }
    var request = requestFor(text);
    var key = keyOf(request);
    if (pending && pending.key === key) {
      return pending.promise;
    }
    var mine = (sequence += 1);
    var promise = api.parseTask(request).then(
      function (result) {
        if (mine === sequence) {
          recognition = { key: key, result: result };
          render();
        }
        return { key: key, result: result };
      },
      function (error) {
        if (mine === sequence) {
          recognition = null;
          render();
        }
        return { key: key, result: null, error: error };
      }
    );
    pending = { key: key, promise: promise };
    return promise;
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!$.trim($input().val())) {
      forget();
      return;
    }
    timer = window.setTimeout(parse, DEBOUNCE_MS);
  }

  function forget() {
    window.clearTimeout(timer);
    timer = null;
    sequence += 1; // answers still on their way are for text no longer there
    pending = null;
    recognition = null;
    literal = {};
    render();
  }

  // The recognition of what the field holds now, or null.
  function current() {
    var text = $.trim($input().val());
    return recognition && text && recognition.key === keyOf(requestFor(text)) ? recognition.result : null;
  }

  function describeDue(result) {
    return due.dayName(result.due_date, due.now()) + (result.due_time ? " " + result.due_time : "");
  }

  // The chips of a recognition: [{ part, icon, text }].
  function chipsOf(result) {
    var chips = [];
    if (result && result.due_date && !literal.due) {
      chips.push({ part: "due", icon: TT.ui.icon("calendar-event"), text: describeDue(result) });
    }
    if (result && result.recurrence) {
      chips.push({ part: "recurrence", icon: TT.ui.icon("arrow-repeat"), text: TT.tasks.repeat.summary(result.recurrence, result.due_date) });
    }
    if (result && result.list_id && TT.tasks.sidebar.listName(result.list_id)) {
      chips.push({ part: "list", icon: TT.ui.icon("hash"), text: TT.tasks.sidebar.listName(result.list_id) });
    }
    return chips;
  }

  var announced = "";

  function announce(text) {
    announced = text;
    $("#new-task-announcer").text(text);
  }

  function render() {
    var chips = chipsOf(current());
    var $list = $("#new-task-chips").empty().prop("hidden", !chips.length);
    $.each(chips, function (index, chip) {
      var label = chip.text;
      $list.append(
        $("<li>")
          .addClass("badge rounded-pill text-bg-light border d-inline-flex align-items-center gap-1 quick-add-chip")
          .attr("data-part", chip.part)
          .append(chip.icon)
          .append($("<span>").addClass("quick-add-chip-text").text(label))
          .append(
            $("<button>")
              .attr({ type: "button", "data-action": "keep-text", "aria-label": i18n.t("quickAdd.keepText", { what: label }) })
              .addClass("btn-close btn-close-sm ms-1")
          )
      );
    });
    var summary = $.map(chips, function (chip) {
      return chip.text;
    }).join(", ");
    // Announced when what is recognised changes, not at every keystroke.
    if (summary && i18n.t("quickAdd.announce", { what: summary }) !== announced) {
      announce(i18n.t("quickAdd.announce", { what: summary }));
    } else if (!summary) {
      announced = "";
    }
  }

  function keepText(part) {
    var chip = $.grep(chipsOf(current()), function (candidate) {
      return candidate.part === part;
    })[0];
    literal[part] = true;
    if (chip) {
      announce(i18n.t("quickAdd.kept", { what: chip.text }));
    }
    render();
    parse();
  }

  // The fields to create from the text: the recognition when it is back in time, else the text.
  function fieldsFor(text) {
    var ready = current();
    if (ready) {
      return Promise.resolve(ready);
    }
    window.clearTimeout(timer);
    var key = keyOf(requestFor(text));
    var waited = new Promise(function (resolve) {
      window.setTimeout(resolve, SUBMIT_WAIT_MS, null);
    });
    return Promise.race([parse(), waited]).then(function (answer) {
      if (answer && answer.error && answer.error.unauthenticated) {
        throw answer.error; // the session is over: nothing to create
      }
      return answer && answer.key === key ? answer.result : null;
    });
  }

  function taskFields(text, result) {
    var defaults = TT.tasks.lists.newTaskDefaults();
    if (!result) {
      return $.extend({ title: text }, defaults);
    }
    var task = { title: result.title };
    if (result.due_date) {
      task.due_date = result.due_date;
      if (result.due_time) {
        task.due_time = result.due_time;
      }
    }
    if (result.recurrence && recurrenceAccepted) {
      task.recurrence = result.recurrence;
    }
    if (result.list_id) {
      task.list_id = result.list_id; // "#Name" in the text: that list, whichever is shown
    }
    return $.extend(defaults, task);
  }

  function create(task) {
    return api.createTask(task).catch(function (error) {
      // A server without repeating tasks refuses the field: the task is created without it.
      if (task.recurrence && error.status === 422 && error.fieldErrors.recurrence) {
        recurrenceAccepted = false;
        var plain = $.extend({}, task);
        delete plain.recurrence;
        return api.createTask(plain).then(function (created) {
          ui.showNotice(ui.translated("quickAdd.noRecurrence", { title: created.title }), "warning");
          return created;
        });
      }
      throw error;
    });
  }

  function onSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var $field = $input();
    var errors = new ui.FormErrors($form);
    var text = $.trim($field.val());
    errors.clear();
    if (!text) {
      errors.field("title", ui.translated("tasks.titleRequired"));
      $field.trigger("focus");
      return;
    }
    var $button = $form.find("button[type='submit']").prop("disabled", true);
    var title = text;
    var added = null;
    fieldsFor(text)
      .then(function (result) {
        var task = taskFields(text, result);
        title = task.title;
        if (title.length > fields.MAX_TITLE) {
          errors.field("title", ui.translated("tasks.titleTooLong"));
          return null;
        }
        return create(task).then(function (created) {
          store.add([created]);
          added = store.key(created.id);
          $field.val("");
          forget();
        });
      })
      .catch(function (error) {
        if (error.unauthenticated) {
          return;
        }
        errors.field(
          "title",
          error.fieldErrors.title ? fields.message("title", title, error.fieldErrors.title) : ui.errorMessage(error)
        );
      })
      .then(function () {
        $button.prop("disabled", false);
        $field.trigger("focus");
        // After the focus, which would scroll back to the field: the new task is where one looks.
        if (added) {
          TT.tasks.lists.reveal(added);
        }
      });
  }

  // After an add the page shows the new row, which may have taken the field above the top of the
  // page: typing the next task brings the whole form back, not just the caret's line of it (at
  // once: Bootstrap's smooth scrolling would be cut short by the browser's own scroll to the caret).
  function bringFormBack() {
    var form = window.document.getElementById("new-task-form");
    if (form && form.getBoundingClientRect().top < 0) {
      form.scrollIntoView({ block: "start", behavior: "instant" });
    }
  }

  function onKeydown(event) {
    bringFormBack();
    if (event.key !== "Escape") {
      return;
    }
    var chips = chipsOf(current());
    if (chips.length) {
      event.preventDefault();
      keepText(chips[chips.length - 1].part);
    }
  }

  function clearErrors() {
    new ui.FormErrors($("#new-task-form")).clear();
  }

  function reset() {
    clearErrors();
    $input().val("");
    forget();
  }

  function init() {
    $("#new-task-form")
      .on("submit", onSubmit)
      .on("click", "[data-action='keep-text']", function () {
        keepText($(this).closest("[data-part]").attr("data-part"));
        $input().trigger("focus");
      });
    $input()
      .on("input", function () {
        clearErrors();
        schedule();
      })
      .on("keydown", onKeydown);
    // The locale is part of the request: the text is looked at again in the new language.
    $(window.document).on("tt:languagechange", function () {
      render();
      schedule();
    });
  }

  TT.tasks.quickAdd = {
    init: init,
    reset: reset
  };
})(window, window.jQuery);
;

/* js/views/tasks/unsaved.js */
/*
 * Unsaved edits outliving the page or the session: keepalive saves on pagehide, the copy kept in
 * this tab's sessionStorage and sent again once the same user is back (resume), the beforeunload
 * warning while saves fail, a flush when the tab is hidden and a retry when the browser is online.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var api = TT.api;
  var store = TT.tasks.store;

  var STASH_KEY = "tasktracker.unsavedEdits";

  var userId = null;
  var stashedOnPageHide = false;

  // The keepalive requests cannot be answered any more, and they fail when the access token has
  // expired, so the edits are also stashed: a reload or a return to this tab sends them again.
  function onPageHide() {
    store.eachSaver(function (key, saver) {
      if (saver.hasUnsaved()) {
        api.updateTaskOnUnload(key, saver.unsavedFields());
      }
    });
    stashedOnPageHide = stash();
  }

  // Back from the back-forward cache: this page lives on with its edits in memory, and the stash
  // it left would later overwrite whatever is saved meanwhile.
  function onPageShow(event) {
    if (event.originalEvent.persisted && stashedOnPageHide) {
      dropStash();
    }
    stashedOnPageHide = false;
  }

  function onBeforeUnload(event) {
    // Pending and in-flight edits are sent again with keepalive on pagehide; only edits that the
    // server has been refusing or cannot be reached for are worth a warning.
    if (store.failedSavers().length) {
      event.preventDefault();
      event.originalEvent.returnValue = i18n.t("save.leaveWarning");
      return i18n.t("save.leaveWarning");
    }
    return undefined;
  }

  /*
   * Unsaved edits are kept in this tab's sessionStorage when the session ends under them (revoked,
   * or the refresh token expired) and when the page goes away; they are sent once the same user
   * is logged in again in this tab (resume() after the tasks are loaded). Returns whether
   * anything was stashed.
   */
  function stash() {
    var edits = {};
    store.eachSaver(function (key, saver) {
      if (saver.hasUnsaved()) {
        edits[key] = saver.unsavedFields();
      }
    });
    if (userId === null || $.isEmptyObject(edits)) {
      return false;
    }
    // A stash of this user that was not resumed yet (the page went away while loading) is kept,
    // with this page's newer values on top.
    var earlier = readStash();
    if (earlier && earlier.user === userId) {
      $.each(earlier.edits, function (key, fields) {
        edits[key] = $.extend({}, fields, edits[key]);
      });
    }
    try {
      window.sessionStorage.setItem(STASH_KEY, JSON.stringify({ user: userId, edits: edits }));
      return true;
    } catch {
      return false; // Storage disabled or full: nothing else can keep them once the session is gone.
    }
  }

  function readStash() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STASH_KEY) || "null");
    } catch {
      return null; // Storage disabled, or not ours to read.
    }
  }

  function dropStash() {
    try {
      window.sessionStorage.removeItem(STASH_KEY);
    } catch {
      // Storage disabled: nothing was stashed.
    }
  }

  function resume() {
    var stashed = readStash();
    dropStash();
    if (!stashed || stashed.user !== userId) {
      return; // Another user's edits are never sent with this user's session.
    }
    $.each(stashed.edits, function (key, fields) {
      if (store.serverCopy(key) || !store.moreDone()) {
        resumeTask(key, fields);
        return;
      }
      // A done task beyond the pages loaded so far: loaded for its edits (gone: nothing to save).
      api.getTask(key).then(
        function (task) {
          store.add([task]);
          resumeTask(key, fields);
        },
        function () {}
      );
    });
  }

  function resumeTask(key, fields) {
    // Usually the keepalive request on leaving saved them already: only what differs is sent.
    var serverCopy = store.serverCopy(key);
    var differing = {};
    $.each(fields, function (name, value) {
      // Completing a recurring task is not idempotent (each one moves it on), and a recurring
      // task's copy is open after a completion too: that one is not sent twice.
      var completesRecurring = name === "done" && value === true && serverCopy && serverCopy.recurrence;
      if (serverCopy && serverCopy[name] !== value && !completesRecurring) {
        differing[name] = value;
      }
    });
    if (!$.isEmptyObject(differing)) {
      var saver = store.saverFor(key);
      saver.change(differing);
      saver.flush();
      store.rebuild(key);
    }
  }

  // Whose edits are stashed and resumed: the logged-in user's id, or null for a visitor.
  function setUser(id) {
    userId = id;
  }

  function init() {
    $(window).on("pagehide", onPageHide);
    $(window).on("pageshow", onPageShow);
    $(window).on("beforeunload", onBeforeUnload);
    $(window).on("online", store.retryFailed);
    $(window.document).on("visibilitychange", function () {
      if (window.document.visibilityState === "hidden") {
        store.flushAll();
      }
    });
  }

  TT.tasks.unsaved = {
    init: init,
    setUser: setUser,
    stash: stash,
    resume: resume
  };
})(window, window.jQuery);
;

/* js/views/tasks/live.js */
/*
 * Live changes: what the user changes anywhere else (another tab, the phone, a script) shows up
 * here without a reload. GET /events (api.openEvents) names the tasks and lists that changed;
 * each changed task is fetched and laid into the store, where unsaved edits stay on top of it
 * (an edit in progress is never overwritten; its save keeps the version rules). A task that is
 * gone (trashed, deleted) leaves the page. After a reconnection, or when the server says changes
 * may have been missed, everything is reloaded. A lost stream is reopened with growing waits; a
 * refused one renews the session first (api.currentUser refreshes it).
 * The page's first load does not wait for the stream: the stream's `ready` loads everything
 * again, so a change committed between the first load's query and the subscription is still
 * shown (tasks.js applies the answers of overlapping loads in the order they were asked).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var parts = TT.tasks;
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 30000;

  var handlers = null; // { reload(), reloadLists() }, while signed in
  var source = null;
  var retryMs = RETRY_FIRST_MS;
  var retryTimer = null;

  function applyTask(item) {
    var key = parts.store.key(item.id);
    var known = parts.store.serverCopy(key);
    if (known && known.version >= item.version) {
      return; // this page's own change, or one it already has
    }
    api.getTask(item.id).then(
      function (task) {
        var now = parts.store.serverCopy(key);
        if (handlers && (!now || now.version < task.version)) {
          parts.store.add([task]);
        }
      },
      function (error) {
        // Gone, unless it came back meanwhile (an Undo here): a newer copy than the change's.
        var now = parts.store.serverCopy(key);
        if (handlers && error.status === 404 && now && now.version <= item.version) {
          parts.store.remove(key);
        }
      }
    );
  }

  var events = {
    ready: function () {
      retryMs = RETRY_FIRST_MS;
      // Everything again: what changed before the stream was listening is not told.
      if (handlers) {
        handlers.reload();
      }
    },
    task: function (data) {
      if (!data.items) {
        handlers.reload();
        return;
      }
      $.each(data.items, function (index, item) {
        applyTask(item);
      });
    },
    list: function () {
      handlers.reloadLists();
    },
    resync: function () {
      handlers.reload();
    },
    closed: function () {
      close();
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        if (!handlers) {
          return;
        }
        // A refused stream is most often an expired access token: renew it, then listen again.
        api.currentUser().then(open, function (error) {
          if (!error.unauthenticated) {
            events.closed();
          }
        });
      }, retryMs);
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    }
  };

  function open() {
    if (handlers && !source && window.EventSource) {
      source = api.openEvents(events);
    }
  }

  function close() {
    if (source) {
      source.close();
      source = null;
    }
  }

  // Loads the user's tasks (callbacks.reload) and listens for their changes; resolves when
  // that first load is done.
  function start(callbacks) {
    handlers = callbacks;
    open();
    return handlers.reload();
  }

  function stop() {
    handlers = null;
    window.clearTimeout(retryTimer);
    retryTimer = null;
    close();
  }

  parts.live = { start: start, stop: stop };
})(window, window.jQuery);
;

/* js/views/tasks.js */
/*
 * The logged-in content, put together from its parts in views/tasks/ (loaded before this file):
 *   fields.js     the title and description rules and translated refusals
 *   store.js      the tasks as the server sent them, with the unsaved edits on top, and the savers
 *   due.js        due dates on the user's calendar: today, overdue, the views, the labels
 *   lists.js      the views: all tasks (open and done), today, upcoming, one list's
 *   order.js      the user's order of open tasks: drag and drop, Alt+ArrowUp/Down
 *   trash.js      the trash view: restore, delete forever, empty; the editor's Undo
 *   sidebar.js    the sidebar: the Inbox, the views, the user's lists (new, rename, colour, delete)
 *   checklist.js  the checklist inside the editor
 *   editor.js     the autosaving editor dialog, save status, delete (with Undo)
 *   quick-add.js  the new-task form
 *   unsaved.js    edits that outlive the page or the session
 *   search.js     search as you type and its results
 *   live.js       changes made elsewhere, shown as they happen (GET /events)
 *   shortcuts.js  the keyboard shortcuts and their help dialog; Undo of completing a task
 * This file loads the user's tasks, resets the view on log-out and is the one object the rest of
 * the app uses (TT.tasksView).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var parts = TT.tasks;

  var loadsAsked = 0;
  var loadShown = 0; // the number of the latest load whose answer is on the page

  // Loads may overlap (the first one and the event stream's ready): an answer older than the one
  // shown is dropped, so the page never goes back to an earlier state.
  function load() {
    var asked = ++loadsAsked;
    // Only while nothing is shown: a reload (the event stream's ready) refreshes rows in place.
    $("#tasks-loading").prop("hidden", parts.store.loaded());
    $("#tasks-load-error").prop("hidden", true);
    return Promise.all([api.listTasksPage(), api.listLists()])
      .then(function (loaded) {
        if (asked < loadShown) {
          return;
        }
        loadShown = asked;
        parts.sidebar.replaceAll(loaded[1]);
        parts.store.replaceAll(loaded[0].tasks, loaded[0].nextCursor);
        parts.unsaved.resume();
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          $("#tasks-load-error").prop("hidden", false);
        }
      })
      .then(function () {
        $("#tasks-loading").prop("hidden", true);
      });
  }

  function reloadLists() {
    return api.listLists().then(parts.sidebar.replaceAll, $.noop);
  }

  function show(user) {
    parts.due.setZone(user.timezone);
    parts.unsaved.setUser(user.id);
    return parts.live.start({ reload: load, reloadLists: reloadLists });
  }

  // Leaves the logged-in view: nothing of the previous user may stay on the page.
  function reset() {
    loadShown = ++loadsAsked; // a load still in flight answers for the previous user: dropped
    parts.live.stop();
    parts.unsaved.stash();
    parts.unsaved.setUser(null);
    parts.store.clear();
    parts.editor.reset();
    parts.quickAdd.reset();
    parts.sidebar.reset();
    parts.search.reset();
    parts.shortcuts.reset();
    parts.lists.showView("all");
  }

  function init() {
    parts.lists.init({ open: parts.editor.open, doneToggled: parts.editor.showDone });
    parts.order.init();
    parts.trash.init();
    parts.sidebar.init();
    parts.checklist.init();
    parts.editor.init();
    parts.quickAdd.init();
    parts.unsaved.init();
    parts.search.init({ open: parts.editor.open });
    parts.shortcuts.init({ open: parts.editor.open, doneToggled: parts.editor.showDone });
    $("#tasks-load-error").on("click", "[data-action='reload-tasks']", load);
  }

  TT.tasksView = {
    init: init,
    show: show,
    reset: reset,
    flushAll: parts.store.flushAll
  };
})(window, window.jQuery);
;

/* js/views/tasks/sidebar.js */
/*
 * The sidebar (#sidebar): the Inbox, the views of lists.js (All, Today, Upcoming) and the user's
 * lists, each with its colour dot and its count of open tasks, counted from the store so they
 * follow every change; the "New list" form; and each list's menu: rename, colour, delete. A
 * delete takes the list's tasks to the trash with it and offers Undo (restore). Each entry is an
 * `.sidebar-list` with `data-list-id` (`inbox` for the Inbox). Also fills the editor's list
 * select (#task-list) and the heading of a list's view (#list-heading).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var api = TT.api;
  var store = TT.tasks.store;
  var views = TT.tasks.lists;

  // The API's palette (docs/api.md, "Lists") and each colour's name; any other colour is a
  // #rrggbb of the API's.
  var COLOR_NAMES = {
    red: "sidebar.colorRed",
    orange: "sidebar.colorOrange",
    yellow: "sidebar.colorYellow",
    green: "sidebar.colorGreen",
    teal: "sidebar.colorTeal",
    blue: "sidebar.colorBlue",
    purple: "sidebar.colorPurple",
    pink: "sidebar.colorPink",
    gray: "sidebar.colorGray"
  };
  var PALETTE = Object.keys(COLOR_NAMES);
  var MAX_NAME = 100;
  var INBOX = "inbox";

  // The user's lists as the server sent them, in their order.
  var lists = [];
  // The lists the entries were last built from, as JSON (null: never built).
  var built = null;

  function byPosition(a, b) {
    if (a.position !== b.position) {
      return a.position < b.position ? -1 : 1;
    }
    return a.id - b.id;
  }

  function find(id) {
    return lists.filter(function (list) {
      return list.id === id;
    })[0];
  }

  function entryKey(list) {
    return list === null ? INBOX : String(list.id);
  }

  function entry(key) {
    return $(".sidebar-list[data-list-id='" + key + "']");
  }

  function dot(color) {
    var $dot = $("<span>", { "class": "list-dot", "aria-hidden": "true" });
    if (PALETTE.indexOf(color) !== -1) {
      $dot.attr("data-color", color);
    } else if (color) {
      $dot.css("background-color", color); // a #rrggbb the API checked
    }
    return $dot;
  }

  function colorName(color) {
    return PALETTE.indexOf(color) !== -1 ? i18n.t(COLOR_NAMES[color]) : color;
  }

  function buildMenu(list) {
    var $swatches = $("<div>", { "class": "d-flex flex-wrap gap-1 my-1", role: "group" }).attr(
      "aria-label",
      i18n.t("sidebar.colour")
    );
    $swatches.append(
      $("<button>", { type: "button", "class": "list-swatch list-swatch-none", "data-action": "color-list", "data-color": "" })
        .attr({ "aria-label": i18n.t("sidebar.noColour"), "aria-pressed": String(!list.color) })
    );
    PALETTE.forEach(function (color) {
      $swatches.append(
        $("<button>", { type: "button", "class": "list-swatch", "data-action": "color-list", "data-color": color })
          .attr({ "aria-label": colorName(color), "aria-pressed": String(list.color === color) })
          .append(dot(color))
      );
    });
    return $("<div>", { "class": "sidebar-menu", hidden: true }).append(
      $("<button>", { type: "button", "class": "btn btn-sm btn-link p-0 d-block", "data-action": "rename-list" }).text(
        i18n.t("sidebar.rename")
      ),
      $swatches,
      $("<button>", { type: "button", "class": "btn btn-sm btn-link link-danger p-0 d-block", "data-action": "delete-list" }).text(
        i18n.t("sidebar.delete")
      )
    );
  }

  function buildRename(list) {
    var inputId = "list-rename-" + list.id;
    return $("<form>", { "class": "sidebar-rename", novalidate: true, hidden: true }).append(
      $("<label>", { "class": "visually-hidden", "for": inputId }).text(i18n.t("sidebar.renameLabel", { name: list.name })),
      $("<div>", { "class": "input-group input-group-sm has-validation" }).append(
        $("<input>", { "class": "form-control", type: "text", id: inputId, name: "name", maxlength: MAX_NAME, autocomplete: "off" }),
        $("<button>", { "class": "btn btn-outline-primary", type: "submit" }).text(i18n.t("sidebar.save")),
        $("<div>", { "class": "invalid-feedback", role: "alert" })
      )
    );
  }

  function buildEntry(list) {
    var $open = $("<button>", { type: "button", "class": "sidebar-entry", "data-action": "show-list" }).append(
      dot(list.color),
      $("<span>", { "class": "sidebar-name" }).text(list.name),
      $("<span>", { "class": "badge rounded-pill text-bg-secondary sidebar-count" })
    );
    var $toggle = $("<button>", {
      type: "button",
      "class": "btn btn-sm sidebar-menu-toggle",
      "data-action": "list-menu",
      "aria-expanded": "false"
    })
      .attr("aria-label", i18n.t("sidebar.menu", { name: list.name }))
      .append(TT.ui.icon("three-dots"));
    return $("<li>", { "class": "sidebar-list", "data-list-id": entryKey(list) }).append(
      $("<div>", { "class": "d-flex align-items-center" }).append($open, $toggle),
      buildMenu(list),
      buildRename(list)
    );
  }

  function renderCounts() {
    var counts = {};
    store.all().forEach(function (task) {
      if (!task.done) {
        var key = task.list_id === null ? INBOX : String(task.list_id);
        counts[key] = (counts[key] || 0) + 1;
      }
    });
    $(".sidebar-list").each(function () {
      var count = counts[$(this).attr("data-list-id")] || 0;
      $(this)
        .find(".sidebar-count")
        .text(count || "")
        .attr("aria-label", i18n.t("sidebar.openCount", { count: count }))
        .prop("hidden", count === 0);
    });
  }

  function renderActive() {
    var current = views.current();
    var shown = current.view === "list" ? String(current.listId) : null;
    $(".sidebar-list").each(function () {
      var active = $(this).attr("data-list-id") === shown;
      $(this)
        .toggleClass("active", active)
        .find("[data-action='show-list']")
        .attr("aria-current", active ? "page" : null);
    });
    var list = current.view === "list" && current.listId !== INBOX ? find(current.listId) : null;
    var $heading = $("#list-heading").empty().prop("hidden", current.view !== "list");
    if (current.view === "list") {
      $heading.append(list ? dot(list.color) : "", $("<span>").text(list ? list.name : i18n.t("sidebar.inbox")));
    }
  }

  // The editor's select: the Inbox and every list, the value kept.
  function renderEditorOptions() {
    var $select = $("#task-list");
    var value = $select.val();
    $select.empty().append($("<option>", { value: INBOX }).text(i18n.t("sidebar.inbox")));
    lists.forEach(function (list) {
      $select.append($("<option>", { value: String(list.id) }).text(list.name));
    });
    if (value !== null) {
      $select.val(value);
    }
  }

  function render() {
    lists.sort(byPosition);
    built = JSON.stringify(lists);
    $("#sidebar-lists").empty().append($.map(lists, buildEntry));
    renderCounts();
    renderActive();
    renderEditorOptions();
    // The rows show their list's name and colour (lists.js).
    $(window.document).trigger("tt:listschange");
  }

  // A reload that brings the lists as they are shown (the event stream's ready, a reconnect)
  // leaves the entries alone: rebuilding them would close an open menu and drop a drag's target.
  function replaceAll(loaded) {
    var sorted = loaded.slice().sort(byPosition);
    if (JSON.stringify(sorted) !== built) {
      lists = sorted;
      render();
    }
  }

  function put(list) {
    lists = lists.filter(function (known) {
      return known.id !== list.id;
    });
    lists.push(list);
    render();
  }

  function listOf(element) {
    var key = $(element).closest(".sidebar-list").attr("data-list-id");
    return key === INBOX ? null : find(Number(key));
  }

  function closeMenus() {
    $("#sidebar-lists .sidebar-menu").prop("hidden", true);
    $("#sidebar-lists [data-action='list-menu']").attr("aria-expanded", "false");
  }

  function onCreate(event) {
    event.preventDefault();
    var $form = $(this);
    var $name = $form.find("[name='name']");
    var errors = new ui.FormErrors($form);
    var name = $.trim($name.val());
    errors.clear();
    if (!name) {
      errors.field("name", ui.translated("sidebar.nameRequired"));
      $name.trigger("focus");
      return;
    }
    var $button = $form.find("button[type='submit']").prop("disabled", true);
    api
      .createList({ name: name })
      .then(function (created) {
        $name.val("");
        put(created);
        views.showView("list", created.id);
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          errors.field("name", error.fieldErrors.name ? ui.literal(error.fieldErrors.name) : ui.errorMessage(error));
        }
      })
      .then(function () {
        $button.prop("disabled", false);
      });
  }

  function change(list, fields) {
    return api.updateList(list.id, fields).then(put, function (error) {
      if (error.unauthenticated) {
        return;
      }
      if (error.status === 404) {
        lists = lists.filter(function (known) {
          return known.id !== list.id;
        });
        render();
      }
      ui.showNotice(ui.errorMessage(error), "danger");
    });
  }

  function startRename(list) {
    var $entry = entry(entryKey(list));
    closeMenus();
    $entry.find(".sidebar-rename").prop("hidden", false).find("[name='name']").val(list.name).trigger("focus").trigger("select");
  }

  function onRename(event) {
    event.preventDefault();
    var $form = $(this);
    var list = listOf(this);
    var errors = new ui.FormErrors($form);
    var name = $.trim($form.find("[name='name']").val());
    errors.clear();
    if (!list) {
      return;
    }
    if (!name) {
      errors.field("name", ui.translated("sidebar.nameRequired"));
      return;
    }
    api
      .updateList(list.id, { name: name })
      .then(function (updated) {
        put(updated);
        entry(entryKey(updated)).find("[data-action='list-menu']").trigger("focus");
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          errors.field("name", error.fieldErrors.name ? ui.literal(error.fieldErrors.name) : ui.errorMessage(error));
        }
      });
  }

  // The list and its tasks leave the page at once; Undo brings both back from the server.
  function remove(list) {
    api
      .deleteList(list.id)
      .then(function () {
        lists = lists.filter(function (known) {
          return known.id !== list.id;
        });
        store.all().forEach(function (task) {
          if (task.list_id === list.id) {
            store.remove(store.key(task.id));
          }
        });
        var current = views.current();
        if (current.view === "list" && current.listId === list.id) {
          views.showView("list", INBOX);
        }
        render();
        ui.undoToast(i18n.t("sidebar.deleted", { name: list.name }), function () {
          restore(list);
        });
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          ui.showNotice(ui.errorMessage(error), "danger");
        }
      });
  }

  function restore(list) {
    api
      .restoreList(list.id)
      .then(function (restored) {
        put(restored);
        return api.listTasksOf(restored.id).then(function (tasks) {
          store.add(tasks);
          renderCounts();
        });
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          ui.showNotice(ui.errorMessage(error), "danger");
        }
      });
  }

  function reset() {
    lists = [];
    render();
  }

  function init() {
    store.onChange(renderCounts);
    $(window.document).on("tt:viewchange", renderActive);
    $(window.document).on("tt:languagechange", render);
    $("#sidebar-toggle").on("click", function () {
      var open = !$("#sidebar-body").hasClass("open");
      $("#sidebar-body").toggleClass("open", open);
      $(this).attr("aria-expanded", String(open));
    });
    // On a phone the panel sits above the list: a view or list picked there closes it, so the
    // tasks it shows are in sight, and the focus goes back to its toggle.
    $("#sidebar").on("click", "[data-action='show-list'], [data-view]", function () {
      var $toggle = $("#sidebar-toggle");
      if ($toggle.is(":visible") && $("#sidebar-body").hasClass("open")) {
        $("#sidebar-body").removeClass("open");
        $toggle.attr("aria-expanded", "false").trigger("focus");
      }
    });
    $("#new-list-form").on("submit", onCreate);
    $("#sidebar")
      .on("click", "[data-action='show-list']", function () {
        var list = listOf(this);
        views.showView("list", list === null ? INBOX : list.id);
      })
      .on("click", "[data-action='list-menu']", function () {
        var $menu = $(this).closest(".sidebar-list").find(".sidebar-menu");
        var open = $menu.prop("hidden");
        closeMenus();
        $menu.prop("hidden", !open);
        $(this).attr("aria-expanded", String(open));
        if (open) {
          $menu.find("button").first().trigger("focus");
        }
      })
      .on("click", "[data-action='rename-list']", function () {
        startRename(listOf(this));
      })
      .on("click", "[data-action='color-list']", function () {
        var list = listOf(this);
        closeMenus();
        change(list, { color: $(this).attr("data-color") || null });
      })
      .on("click", "[data-action='delete-list']", function () {
        remove(listOf(this));
      })
      .on("submit", ".sidebar-rename", onRename)
      .on("keydown", ".sidebar-rename, .sidebar-menu", function (event) {
        if (event.key === "Escape") {
          var $entry = $(this).closest(".sidebar-list");
          $(this).prop("hidden", true);
          closeMenus();
          $entry.find("[data-action='list-menu']").trigger("focus");
        }
      });
  }

  TT.tasks.sidebar = {
    init: init,
    // The name of one of the user's lists, or undefined.
    listName: function (id) {
      var list = find(id);
      return list && list.name;
    },
    // One of the user's lists ({ id, name, color, ... }), or undefined; and its colour dot.
    list: find,
    dot: dot,
    // The user's lists as loaded (for the offline copy).
    lists: function () {
      return lists.slice();
    },
    replaceAll: replaceAll,
    reset: reset
  };
})(window, window.jQuery);
;

/* js/views/tasks/shortcuts.js */
/*
 * Keyboard shortcuts of the task list, listed in the help dialog (#shortcuts-modal, `?`):
 *   q  the new-task field        /  search          j / k  the next / previous task
 *   x  done or open again        e, Enter  edit     Delete, #  to the trash (Undo in the toast)
 *   z  undo what the newest toast offers
 * The task a shortcut acts on is the one whose row has focus; j and k move focus between the
 * rows' title buttons, so Tab keeps its order. None fires while the user types in a field, with
 * Ctrl, Alt or Meta held, or while a dialog is open. What a shortcut did is announced in
 * #shortcut-announcer, except what a toast says (completing, deleting: ui.js announces the toast,
 * so it is heard once); the toast of completing is completion.js's.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var store = TT.tasks.store;
  var trash = TT.tasks.trash;

  var handlers = null;
  var help = null;
  // Letters by the key's place, so they work with other keyboard layouts too (й for q).
  var LETTERS = { KeyQ: "q", KeyJ: "j", KeyK: "k", KeyX: "x", KeyE: "e", KeyZ: "z" };

  // key null: nothing to say here (a toast says it), and an older announcement goes.
  function announce(key, params) {
    $("#shortcut-announcer").text(key ? i18n.t(key, params) : "");
  }

  // A row's checkbox takes no text: the shortcuts work on it.
  function typing(target) {
    var fields = "input:not([type='checkbox'], [type='radio'], [type='button']), textarea, select";
    return $(target).is(fields) || !!target.isContentEditable;
  }

  // The editor beside the list (panel.js, wide screens) leaves the list usable, but keys typed
  // in it are its own; as a sheet over the page (aria-modal) it is a dialog like the others.
  function dialogOpen(target) {
    return $(".modal.show, .offcanvas.show, dialog[open], [aria-modal='true']:visible").length > 0 || $(target).closest("#task-modal").length > 0;
  }

  // The task rows shown, in the order they appear (open, then done; a search's results).
  function rows() {
    return $("#tasks-view .task-item").filter(":visible");
  }

  function focusedRow() {
    return $(window.document.activeElement).closest("#tasks-view .task-item");
  }

  function focusRow($row) {
    $row.find("[data-action='open']").trigger("focus");
  }

  function move(step) {
    var $rows = rows();
    if (!$rows.length) {
      announce("shortcuts.noTasks");
      return;
    }
    var index = $rows.index(focusedRow());
    var next = index === -1 ? (step > 0 ? 0 : $rows.length - 1) : index + step;
    if (next < 0 || next >= $rows.length) {
      announce(step > 0 ? "shortcuts.last" : "shortcuts.first");
      return;
    }
    focusRow($rows.eq(next));
  }

  // The row that takes a task's place when it leaves it: the next one, else the one before.
  function neighbourKey($row) {
    var $rows = rows();
    var index = $rows.index($row);
    var $next = $rows.eq(index + 1).length ? $rows.eq(index + 1) : index > 0 ? $rows.eq(index - 1) : $();
    return $next.attr("data-task-id");
  }

  function focusKey(key) {
    var $row = $("#tasks-view .task-item[data-task-id='" + key + "']").filter(":visible").first();
    if ($row.length) {
      focusRow($row);
    } else {
      $("#new-task-title").trigger("focus");
    }
  }

  // As a row's checkbox does (lists.js): the edit goes through the task's saver.
  function setDone(key, done) {
    var saver = store.saverFor(key);
    saver.change({ done: done });
    var flushed = saver.flush();
    store.rebuild(key);
    handlers.doneToggled(key, done, flushed);
  }

  function toggle($row) {
    var key = $row.attr("data-task-id");
    var task = store.shown(key);
    if (!task) {
      return;
    }
    var stayKey = neighbourKey($row);
    var reopening = task.done;
    // Completing shows a toast, which is announced (completion.js); reopening only says so here.
    setDone(key, !reopening);
    announce(reopening ? "shortcuts.reopened" : null, { title: task.title });
    // Focus stays where the user is working, on the row that took the task's place.
    focusKey(stayKey || key);
  }

  function remove($row) {
    var key = $row.attr("data-task-id");
    if (!store.shown(key)) {
      return;
    }
    var stayKey = neighbourKey($row);
    trash.moveToTrash(key).then(
      function () {
        announce(null); // the toast says it
        focusKey(stayKey);
      },
      function (error) {
        if (!error.unauthenticated) {
          ui.showNotice(ui.translated("editor.deleteFailed"), "danger");
        }
      }
    );
  }

  function shortcutOf(event) {
    if (event.ctrlKey || event.altKey || event.metaKey) {
      return null;
    }
    if (event.key === "?" || event.key === "#") {
      return event.key;
    }
    if (event.shiftKey) {
      return null;
    }
    if (event.key === "/" || event.key === "Delete" || event.key === "Enter") {
      return event.key;
    }
    var letter = String(event.key).toLowerCase();
    return "qjkxez".indexOf(letter) !== -1 && letter.length === 1 ? letter : LETTERS[event.code] || null;
  }

  function onKeydown(event) {
    var shortcut = shortcutOf(event);
    if (!shortcut || typing(event.target) || dialogOpen(event.target) || !$("#tasks-view").is(":visible")) {
      return;
    }
    var $row = focusedRow();
    var rowActions = { x: toggle, e: open, Enter: open, Delete: remove, "#": remove };
    if (rowActions[shortcut]) {
      // Enter on a button presses it (the title button opens the editor by itself).
      if (!$row.length || (shortcut === "Enter" && $(event.target).is("button"))) {
        return;
      }
      event.preventDefault();
      rowActions[shortcut]($row);
      return;
    }
    event.preventDefault();
    if (shortcut === "q") {
      $("#new-task-title").filter(":visible").trigger("focus");
    } else if (shortcut === "/") {
      $("#search-input").trigger("focus");
    } else if (shortcut === "j" || shortcut === "k") {
      move(shortcut === "j" ? 1 : -1);
    } else if (shortcut === "z") {
      // An undo is announced by the toast's own code ("Undone.").
      announce(ui.undoLast() ? null : "shortcuts.nothingToUndo");
    } else if (shortcut === "?") {
      help.show();
    }
  }

  function open($row) {
    var $button = $row.find("[data-action='open']");
    handlers.open($row.attr("data-task-id"), $button[0]);
  }

  /*
   * handlers:
   *   open(key, trigger)               open the editor of a task
   *   doneToggled(key, done, flushed)  as lists.js calls it, after the store has the edit
   */
  function init(given) {
    handlers = given;
    help = new ui.Modal($("#shortcuts-modal")[0], {
      fallbackFocus: function () {
        return $("#shortcuts-hint");
      }
    });
    $(window.document).on("keydown", onKeydown);
    // Escape closes the help dialog only, not the editor panel open beside the list (panel.js
    // leaves a handled Escape alone).
    $("#shortcuts-modal").on("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
      }
    });
    $("#shortcuts-hint").on("click", function () {
      help.show(this);
    });
  }

  // The user is gone: nothing of theirs stays to undo.
  function reset() {
    $("#shortcut-announcer").text("");
    if (help && help.isOpen()) {
      help.hide();
    }
  }

  TT.tasks.shortcuts = {
    init: init,
    reset: reset
  };
})(window, window.jQuery);
;

/* js/views/tasks/search.js */
/*
 * Search as you type (GET /tasks?q=), all of it in #search-box: the box and the results.
 *
 * Typing waits DEBOUNCE_MS after the last key, then asks the server, which finds the tasks (by
 * word stems, the last word as a prefix); a response to an older text than the latest is dropped.
 * While results are shown, #tasks-view has the class "searching", which hides the views
 * (lists.js keeps them up to date) until the search is cleared — Escape, an emptied box or a view
 * button — and the view the user was in is back as it was.
 *
 * Rows show this page's copy of each task found (store.js), in the server's order, and open the
 * editor like the lists' rows. The words that match are highlighted here, in <mark> elements
 * built as nodes around text nodes: a word of the task matches a typed word that it begins with,
 * or with which it shares a beginning that is most of the shorter one (about its stem:
 * "задача" for "задачи", "run" for "running").
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var i18n = TT.i18n;
  var store = TT.tasks.store;

  var DEBOUNCE_MS = 150;
  // Characters of a description shown before and after its first match.
  var SNIPPET_BEFORE = 40;
  var SNIPPET_LENGTH = 140;
  // Letters and decimal digits: the server's words (tasks/search.py).
  var WORD = "[\\p{L}\\p{Nd}]+";

  var state = { query: "", ids: [], timer: null, sequence: 0, handlers: null };

  // Case, accents and "ё" do not tell words apart ("ё" is "е" and a diaeresis).
  function normalise(word) {
    return word.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
  }

  function queryWords(query) {
    return (query.match(new RegExp(WORD, "gu")) || []).map(normalise);
  }

  function matches(word, typed) {
    var candidate = normalise(word);
    return typed.some(function (typedWord) {
      if (candidate.indexOf(typedWord) === 0) {
        return true;
      }
      var common = 0;
      while (common < candidate.length && common < typedWord.length && candidate[common] === typedWord[common]) {
        common += 1;
      }
      return common >= 3 && common >= Math.min(candidate.length, typedWord.length) - 2;
    });
  }

  // Where the first matching word of `text` starts, or -1.
  function firstMatch(text, typed) {
    var pattern = new RegExp(WORD, "gu");
    var found;
    while ((found = pattern.exec(text)) !== null) {
      if (matches(found[0], typed)) {
        return found.index;
      }
    }
    return -1;
  }

  // The text as nodes: each matching word in a <mark>, the rest as text nodes.
  function highlighted(text, typed) {
    var nodes = [];
    var pattern = new RegExp(WORD, "gu");
    var last = 0;
    var found;
    while ((found = pattern.exec(text)) !== null) {
      if (matches(found[0], typed)) {
        if (found.index > last) {
          nodes.push(window.document.createTextNode(text.slice(last, found.index)));
        }
        nodes.push($("<mark>").text(found[0])[0]);
        last = found.index + found[0].length;
      }
    }
    if (last < text.length) {
      nodes.push(window.document.createTextNode(text.slice(last)));
    }
    return nodes;
  }

  // Where the task matched when it is not (only) its title: a stretch of the description around
  // its first match, else the first checklist item that matches.
  function snippetOf(task, typed) {
    var description = task.description || "";
    var at = firstMatch(description, typed);
    if (at !== -1) {
      var start = Math.max(0, at - SNIPPET_BEFORE);
      var end = Math.min(description.length, start + SNIPPET_LENGTH);
      return (start > 0 ? "…" : "") + description.slice(start, end).replace(/\s+/g, " ") + (end < description.length ? "…" : "");
    }
    var items = (task.checklist || []).filter(function (item) {
      return firstMatch(item.text, typed) !== -1;
    });
    return items.length ? items[0].text : "";
  }

  function buildRow(task, typed) {
    var $open = $("<button>", { type: "button", "class": "task-open", "data-action": "open" }).append(
      $("<span>", { "class": "task-title" }).append(highlighted(task.title, typed))
    );
    if (task.done) {
      $open.append($("<span>", { "class": "badge text-bg-success search-done" }).text(i18n.t("search.done")));
    }
    var snippet = snippetOf(task, typed);
    if (snippet) {
      $open.append($("<span>", { "class": "search-snippet" }).append(highlighted(snippet, typed)));
    }
    var $row = $("<li>", { "class": "list-group-item task-item", "data-task-id": store.key(task.id) }).append(
      $open.append(TT.tasks.lists.infoLine())
    );
    TT.tasks.lists.rowInfo($row, task, true);
    TT.tasks.lists.markRow($row);
    return $row;
  }

  function render() {
    // Re-rendering replaces the row focused (the editor gives focus back to it on closing).
    var focusedKey = $(window.document.activeElement).closest("#search-results .task-item").attr("data-task-id");
    var typed = queryWords(state.query);
    var shown = $.map(state.ids, function (id) {
      return store.shown(store.key(id)) || null;
    });
    $("#search-results").empty().append(
      $.map(shown, function (task) {
        return buildRow(task, typed);
      })
    );
    $("#search-heading")
      .text(shown.length ? i18n.t("search.heading", { count: shown.length, query: state.query.trim() }) : "")
      .prop("hidden", !shown.length);
    $("#search-empty").prop("hidden", shown.length > 0);
    if (!shown.length) {
      // The searched text is a parameter of the message, which goes in as text.
      TT.tasks.empty.show($("#search-empty"), {
        icon: TT.ui.icon("search"),
        text: TT.ui.translated("search.empty", { query: state.query.trim() }),
        hint: TT.ui.translated("empty.searchHint"),
        action: "clear-search"
      });
    }
    if (focusedKey) {
      $("#search-results .task-item[data-task-id='" + focusedKey + "'] [data-action='open']").trigger("focus");
    }
  }

  function showResults(query, list) {
    // Tasks this page does not hold yet become part of it, so that the editor opens them.
    var unknown = list.filter(function (task) {
      return !store.shown(store.key(task.id));
    });
    state.query = query;
    state.ids = list.map(function (task) {
      return task.id;
    });
    if (unknown.length) {
      store.add(unknown); // fires a change, which renders
    }
    $("#search-error").prop("hidden", true);
    $("#search-view").prop("hidden", false);
    $("#tasks-view").addClass("searching");
    render();
  }

  function search(query) {
    window.clearTimeout(state.timer);
    state.sequence += 1;
    var sequence = state.sequence;
    api
      .searchTasks(query)
      .then(function (list) {
        if (sequence === state.sequence) {
          showResults(query, list);
        }
      })
      .catch(function (error) {
        if (sequence === state.sequence && !error.unauthenticated) {
          $("#search-view").prop("hidden", false);
          $("#search-error").prop("hidden", false);
        }
      });
  }

  // Back to the view the user was in; a response still on its way is dropped.
  function clear() {
    window.clearTimeout(state.timer);
    state.sequence += 1;
    state.query = "";
    state.ids = [];
    $("#tasks-view").removeClass("searching");
    $("#search-view").prop("hidden", true);
    $("#search-error").prop("hidden", true);
    $("#search-results").empty();
  }

  function onInput() {
    var query = String($(this).val());
    window.clearTimeout(state.timer);
    if (!query.trim()) {
      clear();
      return;
    }
    state.timer = window.setTimeout(function () {
      search(query);
    }, DEBOUNCE_MS);
  }

  function reset() {
    clear();
    $("#search-input").val("");
  }

  /*
   * handlers:
   *   open(key, trigger)  a result's button was clicked
   */
  function init(handlers) {
    state.handlers = handlers;
    $("#search-form").on("submit", function (event) {
      event.preventDefault();
      var query = String($("#search-input").val());
      if (query.trim()) {
        search(query);
      }
    });
    $("#search-input")
      .on("input", onInput)
      .on("keydown", function (event) {
        if (event.key === "Escape" && ($(this).val() || $("#tasks-view").hasClass("searching"))) {
          event.preventDefault();
          reset();
        }
      });
    $("#search-results").on("click", "[data-action='open']", function () {
      state.handlers.open($(this).closest(".task-item").attr("data-task-id"), this);
    });
    // Choosing a view ends the search: the view is what the user asked for.
    $("#task-views").on("click", "[data-view]", reset);
    store.onChange(function () {
      if ($("#tasks-view").hasClass("searching")) {
        render();
      }
    });
    $(window.document).on("tt:languagechange", function () {
      if ($("#tasks-view").hasClass("searching")) {
        render();
      }
    });
  }

  TT.tasks.search = {
    init: init,
    reset: reset
  };
})(window, window.jQuery);
;

/* js/views/unsubscribe.js */
/*
 * The digest's unsubscribe page: the emailed link PUBLIC_URL/#unsubscribe=<token> (app.js) opens
 * this dialog over either view, signed in or not. It asks first and only then calls
 * POST /unsubscribe: the token is the link's own credential, no session is needed.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  var modal;
  var $form;
  // The token of the emailed link the dialog is open for.
  var token = null;

  function showQuestion() {
    new ui.FormErrors($form).clear();
    ui.clearMessage($form.find(".form-notice").prop("hidden", true));
    $form.find(".unsubscribe-question, [type='submit']").prop("hidden", false);
  }

  function setBusy(busy) {
    $form.find("button").prop("disabled", busy);
    $form.attr("aria-busy", busy ? "true" : "false");
  }

  function open(linkToken) {
    token = linkToken;
    showQuestion();
    if (!modal.isOpen()) {
      modal.show();
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    var errors = new ui.FormErrors($form);
    errors.clear();
    setBusy(true);
    api
      .unsubscribe(token)
      .then(function () {
        setBusy(false);
        token = null;
        $form.find(".unsubscribe-question, [type='submit']").prop("hidden", true);
        ui.setMessage($form.find(".form-notice").prop("hidden", false), ui.translated("unsubscribe.done"));
        $form.find("[data-bs-dismiss]").last().trigger("focus");
      })
      .catch(function (error) {
        setBusy(false);
        errors.summary(error.status === 400 ? ui.translated("unsubscribe.invalidLink") : ui.errorMessage(error));
      });
  }

  function init() {
    $form = $("#unsubscribe-form");
    modal = new ui.Modal($("#unsubscribe-modal")[0], {
      initialFocus: function () {
        return $form.find("[type='submit']");
      },
      fallbackFocus: function () {
        var $newTask = $("#new-task-title:visible");
        return $newTask.length ? $newTask : $("#visitor-actions:visible button, #account-toggle:visible, #user-actions:visible a").first();
      },
      onHidden: function () {
        token = null;
        showQuestion();
      }
    });
    $form.on("submit", onSubmit);
  }

  TT.unsubscribeView = { init: init, open: open };
})(window, window.jQuery);
;

/* js/views/settings/tokens.js */
/*
 * Settings, "Access tokens" (#settings-tokens): personal access tokens for the user's scripts.
 * A new token's secret is shown once, in a read-only field with a Copy button, and forgotten by
 * the page as soon as the user is done with it (or leaves the settings); the list shows what the
 * API keeps: name, scopes, the secret's first characters, dates. Revoking asks first, in place.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  var MAX_NAME = 100;
  var MIN_DAYS = 1;
  var MAX_DAYS = 366;

  // The tokens as last listed (newest first), and which listing is current: a late answer to an
  // earlier one (the page was left, or the user logged out) is dropped.
  var tokens = [];
  var generation = 0;

  function $card() {
    return $("#settings-tokens");
  }

  function isExpired(token) {
    return new Date(token.expires_at).getTime() <= Date.now();
  }

  function datesText(token) {
    var parts = [i18n.t("tokens.created", { date: i18n.formatDateTime(token.created_at) })];
    parts.push(
      token.last_used_at
        ? i18n.t("tokens.lastUsed", { date: i18n.formatDateTime(token.last_used_at) })
        : i18n.t("tokens.neverUsed")
    );
    parts.push(
      i18n.t(isExpired(token) ? "tokens.expired" : "tokens.expires", {
        date: i18n.formatDateTime(token.expires_at)
      })
    );
    return parts.join(" · ");
  }

  function tokenItem(token) {
    var $item = $("<li>", { "class": "list-group-item token-item", "data-token-id": token.id });
    var $details = $("<div>", { "class": "token-details" })
      .append($("<div>", { "class": "fw-semibold token-name", text: token.name }))
      .append(
        $("<div>", { "class": "small" })
          .append($("<code>", { "class": "token-prefix", text: token.prefix + "…" }))
          .append(" ")
          .append($("<span>", { "class": "token-scopes", text: token.scopes.join(", ") }))
      )
      .append($("<div>", { "class": "small text-body-secondary token-dates", text: datesText(token) }));
    if (isExpired(token)) {
      $details.find(".token-name").append(" ").append(
        $("<span>", { "class": "badge text-bg-secondary token-expired-badge", text: i18n.t("tokens.expiredBadge") })
      );
    }
    var $confirm = $("<div>", { "class": "token-revoke-confirm d-flex flex-wrap align-items-center gap-2", role: "group", hidden: true })
      .append($("<span>", { "class": "small", text: i18n.t("tokens.revokeConfirm") }))
      .append($("<button>", { type: "button", "class": "btn btn-sm btn-danger", "data-action": "revoke-yes", text: i18n.t("tokens.revokeYes") }))
      .append($("<button>", { type: "button", "class": "btn btn-sm btn-outline-secondary", "data-action": "revoke-no", text: i18n.t("tokens.revokeNo") }));
    var $actions = $("<div>", { "class": "token-actions d-flex flex-column align-items-end gap-2" })
      .append(
        $("<button>", {
          type: "button",
          "class": "btn btn-sm btn-outline-danger",
          "data-action": "revoke",
          text: i18n.t("tokens.revoke"),
          "aria-label": i18n.t("tokens.revokeNamed", { name: token.name })
        })
      )
      .append($confirm)
      .append($("<span>", { "class": "text-danger small token-revoke-error", role: "alert", hidden: true }));
    return $item.append(
      $("<div>", { "class": "d-flex flex-wrap justify-content-between gap-2" }).append($details, $actions)
    );
  }

  function render() {
    var $list = $("#tokens-list").empty();
    $.each(tokens, function (index, token) {
      $list.append(tokenItem(token));
    });
    $("#tokens-empty").prop("hidden", tokens.length > 0);
  }

  function load() {
    generation += 1;
    var mine = generation;
    $("#tokens-load-error").prop("hidden", true);
    $("#tokens-list").attr("aria-busy", "true");
    return api
      .listAccessTokens()
      .then(function (listed) {
        if (mine === generation) {
          tokens = listed;
          render();
        }
      })
      .catch(function (error) {
        if (mine === generation && !error.unauthenticated) {
          $("#tokens-load-error").prop("hidden", false);
        }
      })
      .then(function () {
        $("#tokens-list").attr("aria-busy", "false");
      });
  }

  // The secret leaves the page: the field is emptied, not just hidden.
  function forgetSecret() {
    $("#token-secret").val("");
    ui.clearMessage($("#token-copy-status"));
    $("#token-created").prop("hidden", true);
  }

  function showSecret(secret) {
    ui.clearMessage($("#token-copy-status"));
    $("#token-created").prop("hidden", false);
    $("#token-secret").val(secret).trigger("focus").trigger("select");
  }

  function customDays() {
    return $("#token-expiry").val() === "custom";
  }

  function resetForm($form) {
    $form.trigger("reset");
    new ui.FormErrors($form).clear();
    $("#token-days-field").prop("hidden", true);
  }

  // The fields to send, or null after marking what is wrong.
  function readForm($form, errors) {
    var name = $.trim($form.find("[name='name']").val());
    var scopes = $form
      .find("[name='scopes']:checked")
      .map(function () {
        return $(this).val();
      })
      .get();
    var days = parseInt($("#token-expiry").val(), 10);
    if (customDays()) {
      var typed = $.trim($("#token-days").val());
      days = /^\d+$/.test(typed) ? parseInt(typed, 10) : NaN;
    }
    var valid = true;
    if (!name) {
      errors.field("name", ui.translated("tokens.nameRequired"));
      valid = false;
    } else if (name.length > MAX_NAME) {
      errors.field("name", ui.translated("tokens.nameTooLong"));
      valid = false;
    }
    if (!scopes.length) {
      errors.field("scopes", ui.translated("tokens.scopesRequired"));
      valid = false;
    }
    if (isNaN(days) || days < MIN_DAYS || days > MAX_DAYS) {
      errors.field("expires_in_days", ui.translated("tokens.daysInvalid"));
      valid = false;
    }
    return valid ? { name: name, scopes: scopes, expires_in_days: days } : null;
  }

  // The input a field of the API is shown under.
  function formField(apiField) {
    var field = apiField.split(".")[0];
    if (field === "expires_in_days" && !customDays()) {
      return "expiry";
    }
    return field;
  }

  function showServerError(errors, error) {
    if (error.status === 422) {
      $.each(error.fieldErrors, function (field, message) {
        var name = formField(field);
        if (errors.$form.find("[name='" + name + "']").length) {
          errors.field(name, ui.literal(message));
        }
      });
      errors.summary(ui.translated("form.fixErrors"));
      return;
    }
    errors.summary(ui.errorMessage(error));
  }

  function onSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    errors.clear();
    forgetSecret();
    var fields = readForm($form, errors);
    if (!fields) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .createAccessToken(fields)
      .then(function (created) {
        ui.setBusy($form, false);
        resetForm($form);
        var listed = $.extend({}, created);
        delete listed.token;
        tokens.unshift(listed);
        render();
        showSecret(created.token);
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (!error.unauthenticated) {
          showServerError(errors, error);
          errors.focusFirstInvalid();
        }
      });
  }

  function copied(done) {
    ui.setMessage($("#token-copy-status"), ui.translated(done ? "tokens.copied" : "tokens.copyFailed"));
  }

  function onCopy() {
    ui.copyValue($("#token-secret")).then(copied);
  }

  function itemOf(element) {
    var $item = $(element).closest(".token-item");
    return { $item: $item, id: Number($item.attr("data-token-id")) };
  }

  function askToRevoke($item, asking) {
    $item.find("[data-action='revoke']").prop("hidden", asking);
    $item.find(".token-revoke-confirm").prop("hidden", !asking);
    $item.find(asking ? "[data-action='revoke-no']" : "[data-action='revoke']").trigger("focus");
  }

  function removeToken(id) {
    var index = -1;
    $.each(tokens, function (position, token) {
      if (token.id === id) {
        index = position;
      }
    });
    if (index !== -1) {
      tokens.splice(index, 1);
    }
    render();
    // Focus moves to the next token's revoke button, else to the list's heading.
    var $next = $("#tokens-list .token-item").eq(Math.min(index, tokens.length - 1)).find("[data-action='revoke']");
    ($next.length ? $next : $("#tokens-heading").attr("tabindex", "-1")).trigger("focus");
  }

  function onRevoke() {
    var target = itemOf(this);
    var $error = target.$item.find(".token-revoke-error");
    target.$item.find("button").prop("disabled", true);
    api
      .revokeAccessToken(target.id)
      .then(function () {
        removeToken(target.id);
      })
      .catch(function (error) {
        if (error.status === 404) {
          removeToken(target.id); // already revoked elsewhere
          return;
        }
        target.$item.find("button").prop("disabled", false);
        if (!error.unauthenticated) {
          ui.setMessage($error.prop("hidden", false), ui.errorMessage(error));
        }
      });
  }

  function init() {
    var $section = $card();
    $section.on("submit", "#token-form", onSubmit);
    $section.on("change", "#token-expiry", function () {
      $("#token-days-field").prop("hidden", !customDays());
      if (customDays()) {
        $("#token-days").trigger("focus");
      }
    });
    $section.on("click", "#token-copy", onCopy);
    $section.on("click", "#token-created-done", function () {
      forgetSecret();
      $("#token-name").trigger("focus");
    });
    $section.on("click", "[data-action='revoke']", function () {
      askToRevoke(itemOf(this).$item, true);
    });
    $section.on("click", "[data-action='revoke-no']", function () {
      askToRevoke(itemOf(this).$item, false);
    });
    $section.on("click", "[data-action='revoke-yes']", onRevoke);
    $(window.document).on("tt:languagechange", render);
  }

  function show() {
    forgetSecret();
    return load();
  }

  function reset() {
    generation += 1;
    tokens = [];
    forgetSecret();
    resetForm($("#token-form"));
    $("#tokens-list").empty();
    $("#tokens-empty, #tokens-load-error").prop("hidden", true);
  }

  // settings.js loads after this file: the section registers once the page is ready.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
;

/* js/views/settings/preferences.js */
/*
 * The Account card (#settings-profile: email, timezone, language) and the Email card
 * (#settings-email: the daily summary on or off, and its hour). Every change is saved at once with
 * PATCH /user, one at a time in the order made, and the card says "Saved" (or why not).
 * The header's language switch is saved to the account too, so the user's emails follow it.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  // The user as the server last answered; null until the settings are shown.
  var user = null;
  // PATCHes go one after the other, so the last change made is the one that stays.
  var saving = Promise.resolve();

  // Server field names → the inputs they are shown under.
  var INPUTS = { timezone: "timezone", locale: "locale", "digest.hour": "hour", "digest.enabled": "enabled" };

  function zoneNames(current) {
    var names = [];
    try {
      names = Intl.supportedValuesOf("timeZone").slice();
    } catch {
      // An older browser lists no zones: the detected one and the account's are still offered.
    }
    if (current && names.indexOf(current) === -1) {
      names.push(current);
      names.sort();
    }
    return names;
  }

  function option(value, text) {
    return $("<option>").val(value).text(text === undefined ? value : text);
  }

  function fillTimezones() {
    var current = user ? user.timezone : null;
    var detected = TT.authView.browserTimezone();
    var $select = $("#settings-timezone").empty();
    $select.append(option("", i18n.t("settings.timezoneNone")));
    if (detected) {
      $("<optgroup>")
        .attr("label", i18n.t("settings.timezoneDetected"))
        .append(option(detected))
        .appendTo($select);
    }
    var $all = $("<optgroup>").attr("label", i18n.t("settings.timezoneAll")).appendTo($select);
    $.each(zoneNames(current), function (index, name) {
      $all.append(option(name));
    });
    $select.val(current || "");
  }

  function twoDigits(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function fillHours() {
    var $select = $("#settings-digest-hour").empty();
    for (var hour = 0; hour < 24; hour += 1) {
      $select.append(option(String(hour), twoDigits(hour) + ":00"));
    }
  }

  function hourHint() {
    var $hint = $("#settings-digest-hour-hint");
    if (user && user.timezone) {
      ui.setMessage($hint, ui.translated("settings.digestHourHint", { zone: user.timezone }));
    } else {
      ui.setMessage($hint, ui.translated("settings.digestHourNoZone"));
    }
  }

  function showValues() {
    $("#settings-profile-email").text(user.email);
    fillTimezones();
    $("#settings-locale").val(user.locale);
    $("#settings-digest-enabled").prop("checked", user.digest.enabled);
    $("#settings-digest-hour").val(String(user.digest.hour)).prop("disabled", !user.digest.enabled);
    hourHint();
  }

  function setStatus($form, message, tone) {
    var $status = $form.find(".settings-status");
    $status.removeClass("text-success text-danger text-body-secondary").addClass(tone);
    if (message) {
      ui.setMessage($status, message);
    } else {
      ui.clearMessage($status);
    }
  }

  function showErrors($form, error) {
    var errors = new ui.FormErrors($form);
    $.each(error.fieldErrors, function (field, message) {
      if (INPUTS[field]) {
        errors.field(INPUTS[field], ui.literal(message));
      }
    });
    var reason = ui.messageText(ui.errorMessage(error));
    setStatus($form, ui.translated("settings.notSaved", { message: reason }), "text-danger");
  }

  function save($form, fields) {
    new ui.FormErrors($form).clear();
    setStatus($form, ui.translated("settings.saving"), "text-body-secondary");
    saving = saving
      .then(function () {
        return api.updateUser(fields);
      })
      .then(function (updated) {
        user = updated;
        showValues();
        setStatus($form, ui.translated("settings.saved"), "text-success");
        return updated;
      })
      .catch(function (error) {
        if (error.unauthenticated) {
          return null; // the visitor view is shown (app.js)
        }
        if (user) {
          showValues(); // what is saved, not the refused change
        }
        showErrors($form, error);
        return null;
      });
    return saving;
  }

  function onTimezoneChange() {
    var zone = $(this).val();
    save($("#settings-profile-form"), { timezone: zone || null });
  }

  function onLocaleChange() {
    var locale = $(this).val();
    save($("#settings-profile-form"), { locale: locale }).then(function (updated) {
      if (updated) {
        $("#language-select").val(updated.locale);
        i18n.setLanguage(updated.locale);
      }
    });
  }

  function onDigestChange() {
    var $form = $("#settings-email-form");
    var enabled = $("#settings-digest-enabled").prop("checked");
    $("#settings-digest-hour").prop("disabled", !enabled);
    if (this.name === "enabled") {
      save($form, { digest: { enabled: enabled } });
    } else {
      save($form, { digest: { hour: parseInt($(this).val(), 10) } });
    }
  }

  // The header's language switch: a signed-in user's emails follow it.
  function onLanguageChange(event, language) {
    if (!TT.app.isSignedIn()) {
      return;
    }
    if (user) {
      fillTimezones();
      hourHint();
      if (user.locale !== language) {
        save($("#settings-profile-form"), { locale: language });
      }
      return;
    }
    api.updateUser({ locale: language }).catch($.noop);
  }

  function init() {
    $("#settings-profile-form")
      .on("submit", function (event) {
        event.preventDefault();
      })
      .on("change", "[name='timezone']", onTimezoneChange)
      .on("change", "[name='locale']", onLocaleChange);
    $("#settings-email-form")
      .on("submit", function (event) {
        event.preventDefault();
      })
      .on("change", "[name='enabled'], [name='hour']", onDigestChange);
    $(window.document).on("tt:languagechange", onLanguageChange);
  }

  function show(shownUser) {
    user = shownUser;
    // Filled when the settings are first shown rather than at the page's start.
    if (!$("#settings-digest-hour option").length) {
      fillHours();
    }
    $.each(["#settings-profile-form", "#settings-email-form"], function (index, form) {
      new ui.FormErrors($(form)).clear();
      setStatus($(form), null, "text-body-secondary");
    });
    showValues();
  }

  function reset() {
    user = null;
    $("#settings-profile-email").text("");
    $("#settings-timezone").empty();
    $("#settings-digest-enabled").prop("checked", false);
    $.each(["#settings-profile-form", "#settings-email-form"], function (index, form) {
      new ui.FormErrors($(form)).clear();
      setStatus($(form), null, "text-body-secondary");
    });
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
;

/* js/views/settings/password.js */
/*
 * The Password card (#settings-password): change the password (the current one, the new one
 * twice), which signs out the other devices; an account without a password (made by a sign-in
 * provider) gets the password reset email instead, whose link sets one.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  var MIN_PASSWORD = 8;
  var MAX_PASSWORD = 128;
  var email = null;

  function setStatus($status, message, tone) {
    $status.removeClass("text-success text-danger").addClass(tone);
    if (message) {
      ui.setMessage($status, message);
    } else {
      ui.clearMessage($status);
    }
  }

  function checkNewPassword(errors, password, confirmation) {
    var valid = true;
    if (password.length < MIN_PASSWORD) {
      errors.field("new_password", ui.translated("errors.passwordTooShort"));
      valid = false;
    } else if (password.length > MAX_PASSWORD) {
      errors.field("new_password", ui.translated("errors.passwordTooLong"));
      valid = false;
    }
    if (confirmation !== password) {
      errors.field("new_password_confirm", ui.translated("errors.passwordMismatch"));
      valid = false;
    }
    return valid;
  }

  function showServerError(errors, error, password) {
    if (error.status === 403) {
      errors.refusedPassword("current_password");
    } else if (error.status === 422 && error.fieldErrors.new_password) {
      var tooLong = password.length > MAX_PASSWORD;
      errors.field("new_password", ui.translated(tooLong ? "errors.passwordTooLong" : "errors.passwordTooShort"));
      errors.summary(ui.translated("form.fixErrors"));
    } else if (error.status === 429) {
      errors.tooManyAttempts(error);
    } else {
      errors.summary(ui.errorMessage(error));
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    var current = $form.find("[name='current_password']").val();
    var password = $form.find("[name='new_password']").val();
    var confirmation = $form.find("[name='new_password_confirm']").val();
    var $status = $form.find(".settings-status");
    errors.clear();
    setStatus($status, null, "");
    var valid = checkNewPassword(errors, password, confirmation);
    if (!current) {
      errors.field("current_password", ui.translated("errors.passwordRequired"));
      valid = false;
    }
    if (!valid) {
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    ui.setBusy($form, true);
    api
      .changePassword({ current_password: current, new_password: password })
      .then(function () {
        ui.setBusy($form, false);
        $form.trigger("reset");
        // The other sessions have ended: the sessions card shows it.
        return TT.settingsView.refresh().then(function () {
          setStatus($status, ui.translated("settings.passwordChanged"), "text-success");
        });
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.unauthenticated) {
          return;
        }
        showServerError(errors, error, password);
        errors.focusFirstInvalid();
      });
  }

  function onSendSetPassword() {
    var $button = $(this).prop("disabled", true);
    var $status = $("#settings-set-password .settings-status");
    var address = email;
    api
      .requestPasswordReset({ email: address, locale: i18n.language() })
      .then(function () {
        setStatus($status, ui.translated("settings.setPasswordSent", { email: address }), "text-success");
      })
      .catch(function (error) {
        var message =
          error.status === 429
            ? ui.waitMessage("errors.tooManyRequestsSeconds", "errors.tooManyRequestsMinutes", error.retryAfterSeconds || 60)
            : ui.errorMessage(error);
        setStatus($status, message, "text-danger");
      })
      .then(function () {
        $button.prop("disabled", false);
      });
  }

  function init() {
    $("#settings-password-form").on("submit", onSubmit);
    $("#settings-set-password").on("click", "[data-action='send-set-password']", onSendSetPassword);
  }

  function show(user) {
    email = user.email;
    $("#settings-password-form").prop("hidden", !user.has_password);
    $("#settings-set-password").prop("hidden", user.has_password);
  }

  function reset() {
    email = null;
    var $form = $("#settings-password-form").trigger("reset");
    new ui.FormErrors($form).clear();
    setStatus($form.find(".settings-status"), null, "");
    setStatus($("#settings-set-password .settings-status"), null, "");
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
;

/* js/views/settings/sessions.js */
/*
 * The Sessions card (#settings-sessions): the devices signed in to the account (device, address,
 * when signed in, when last active), this one marked; end one, or every one but this.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  var sessions = [];
  // Answers of an older load (the card was shown again meanwhile) are dropped.
  var generation = 0;

  function $status() {
    return $("#settings-sessions .settings-status");
  }

  function setStatus(message, tone) {
    var $element = $status().removeClass("text-success text-danger").addClass(tone || "");
    if (message) {
      ui.setMessage($element, message);
    } else {
      ui.clearMessage($element);
    }
  }

  function item(session) {
    var $item = $("<li>").addClass("list-group-item d-flex flex-wrap align-items-center gap-2 settings-session");
    $item.attr("data-session-id", session.id);
    var $text = $("<div>").addClass("me-auto");
    var $device = $("<div>").addClass("fw-semibold settings-session-device");
    $device.text(session.user_agent || i18n.t("settings.unknownDevice"));
    if (session.user_agent_raw) {
      $device.attr("title", session.user_agent_raw);
    }
    if (session.current) {
      $device.append(" ", $("<span>").addClass("badge text-bg-success").text(i18n.t("settings.thisDevice")));
    }
    var details = [
      session.ip || i18n.t("settings.unknownAddress"),
      i18n.t("settings.signedIn", { when: i18n.formatDateTime(session.created_at) })
    ];
    if (session.last_seen_at) {
      details.push(i18n.t("settings.lastSeen", { when: i18n.formatDateTime(session.last_seen_at) }));
    }
    $text.append($device, $("<div>").addClass("small text-body-secondary").text(details.join(" · ")));
    $item.append($text);
    if (!session.current) {
      $item.append(
        $("<button>")
          .attr({ type: "button", "data-action": "end-session" })
          .addClass("btn btn-sm btn-outline-danger")
          .text(i18n.t("settings.endSession"))
      );
    }
    return $item;
  }

  function render() {
    var $list = $("#settings-sessions-list").empty();
    $.each(sessions, function (index, session) {
      $list.append(item(session));
    });
    var others = $.grep(sessions, function (session) {
      return !session.current;
    });
    $("#settings-sessions [data-action='end-other-sessions']").prop("hidden", others.length === 0);
  }

  function load() {
    generation += 1;
    var loading = generation;
    return api
      .listSessions()
      .then(function (listed) {
        if (loading === generation) {
          sessions = listed;
          render();
        }
      })
      .catch(function (error) {
        if (!error.unauthenticated && loading === generation) {
          setStatus(ui.errorMessage(error), "text-danger");
        }
      });
  }

  function ended(message) {
    return load().then(function () {
      setStatus(message, "text-success");
    });
  }

  function failed(error) {
    if (error.status === 404) {
      return ended(ui.translated("settings.sessionEnded")); // it had ended already
    }
    if (!error.unauthenticated) {
      setStatus(ui.errorMessage(error), "text-danger");
    }
    return null;
  }

  function onEndSession() {
    var id = $(this).closest("[data-session-id]").attr("data-session-id");
    $(this).prop("disabled", true);
    setStatus(null);
    api
      .endSession(id)
      .then(function () {
        return ended(ui.translated("settings.sessionEnded"));
      })
      .catch(failed);
  }

  function onEndOthers() {
    var $button = $(this).prop("disabled", true);
    setStatus(null);
    api
      .endOtherSessions()
      .then(function () {
        return ended(ui.translated("settings.otherSessionsEnded"));
      })
      .catch(failed)
      .then(function () {
        $button.prop("disabled", false);
      });
  }

  function init() {
    $("#settings-sessions")
      .on("click", "[data-action='end-session']", onEndSession)
      .on("click", "[data-action='end-other-sessions']", onEndOthers);
    $(window.document).on("tt:languagechange", render);
  }

  function show() {
    setStatus(null);
    return load();
  }

  function reset() {
    generation += 1;
    sessions = [];
    render();
    setStatus(null);
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
;

/* js/views/settings/delete-account.js */
/*
 * The Delete account card (#settings-delete): a first button opens the confirmation inside the
 * card, which says what is lost and asks for the password (an account without one needs a recent
 * sign-in instead); once deleted, the visitor view shows with a notice.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  var account = null;

  function $form() {
    return $("#settings-delete-form");
  }

  function close() {
    var $deleteForm = $form().trigger("reset").prop("hidden", true);
    new ui.FormErrors($deleteForm).clear();
    $("#settings-delete [data-action='start-delete']").prop("hidden", false);
  }

  function open() {
    var $deleteForm = $form().prop("hidden", false);
    $("#settings-delete [data-action='start-delete']").prop("hidden", true);
    ui.setMessage($("#settings-delete-question"), ui.translated("settings.deleteQuestion", { email: account.email }));
    $("#settings-delete-password-field").prop("hidden", !account.has_password);
    $("#settings-delete-recent").prop("hidden", account.has_password);
    (account.has_password ? $("#settings-delete-password") : $deleteForm.find("[type='submit']")).trigger("focus");
  }

  function deleted() {
    // The address names the settings page of an account that no longer exists.
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    TT.app.showVisitor();
    ui.showNotice(ui.translated("settings.deleted"), "info");
    $("#visitor-actions button").first().trigger("focus");
  }

  function showServerError(errors, error) {
    if (error.status === 403 && error.fieldErrors.password) {
      errors.refusedPassword("password");
    } else if (error.status === 403) {
      errors.summary(ui.translated("settings.deleteSignInAgain"));
    } else if (error.status === 429) {
      errors.tooManyAttempts(error);
    } else {
      errors.summary(ui.errorMessage(error));
    }
  }

  function onSubmit(event) {
    event.preventDefault();
    var $deleteForm = $(this);
    var errors = new ui.FormErrors($deleteForm);
    var password = $deleteForm.find("[name='password']").val();
    errors.clear();
    if (account.has_password && !password) {
      errors.field("password", ui.translated("errors.passwordRequired"));
      errors.summary(ui.translated("form.fixErrors"));
      errors.focusFirstInvalid();
      return;
    }
    $deleteForm.find("input, button").prop("disabled", true);
    api
      .deleteAccount(account.has_password ? { password: password } : {})
      .then(deleted)
      .catch(function (error) {
        if (error.unauthenticated) {
          return;
        }
        showServerError(errors, error);
        errors.focusFirstInvalid();
      })
      .then(function () {
        $deleteForm.find("input, button").prop("disabled", false);
      });
  }

  function init() {
    $("#settings-delete")
      .on("click", "[data-action='start-delete']", open)
      .on("click", "[data-action='cancel-delete']", function () {
        close();
        $("#settings-delete [data-action='start-delete']").trigger("focus");
      });
    $form().on("submit", onSubmit);
  }

  function show(user) {
    account = { email: user.email, has_password: user.has_password };
    close();
  }

  function reset() {
    account = null;
    close();
  }

  // settings.js, which holds the registry, loads after the section modules.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
;

/* js/views/settings/identities.js */
/*
 * The settings card of sign-in providers (#settings-identities): the providers linked to the
 * account (GET /user/identities), each with Unlink, and "Link <name>" for each configured one not
 * linked yet, which goes through the provider and comes back to #settings. The server refuses to
 * unlink the last way in (409), and so the card says.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var ui = TT.ui;
  var $card;
  // Bumped on every show and reset: an answer for an earlier one is dropped.
  var generation = 0;

  function showError(message) {
    ui.setMessage($card.find(".identities-error").prop("hidden", false), message);
  }

  function hideError() {
    ui.clearMessage($card.find(".identities-error").prop("hidden", true));
  }

  function render(providers, identities) {
    var linked = {};
    var $list = $card.find(".identities-list").empty();
    $.each(identities, function (index, identity) {
      linked[identity.provider] = true;
      var $item = $('<li class="list-group-item d-flex align-items-center gap-2"></li>');
      var $label = $('<span class="flex-grow-1 text-break"></span>');
      ui.setMessage(
        $label,
        identity.email
          ? ui.translated("oidc.linkedAs", { name: identity.name, email: identity.email })
          : ui.literal(identity.name)
      );
      var $unlink = $('<button type="button" class="btn btn-outline-danger btn-sm" data-action="unlink-identity"></button>');
      $unlink.attr("data-provider", identity.provider);
      ui.setMessage($unlink, ui.translated("oidc.unlink", { name: identity.name }));
      $list.append($item.append($label, $unlink));
    });
    $list.prop("hidden", identities.length === 0);
    $card.find(".identities-none").prop("hidden", identities.length !== 0);

    var $link = $card.find(".identities-link").empty();
    $.each(providers, function (index, provider) {
      if (!linked[provider.id]) {
        var $button = $('<button type="button" class="btn btn-outline-primary btn-sm" data-action="link-identity"></button>');
        $button.attr("data-provider", provider.id);
        ui.setMessage($button, ui.translated("oidc.linkWith", { name: provider.name }));
        $link.append($button);
      }
    });
    // Nothing configured and nothing linked: the card has nothing to offer.
    $card.prop("hidden", providers.length === 0 && identities.length === 0);
  }

  function load() {
    var mine = (generation += 1);
    return Promise.all([TT.providersView.list(), api.listIdentities()])
      .then(function (results) {
        if (mine === generation) {
          render(results[0], results[1]);
        }
      })
      .catch(function (error) {
        if (mine === generation && !error.unauthenticated) {
          showError(ui.errorMessage(error));
        }
      });
  }

  function onUnlink() {
    var $button = $(this).prop("disabled", true);
    hideError();
    api
      .unlinkIdentity($button.attr("data-provider"))
      .then(load)
      .catch(function (error) {
        $button.prop("disabled", false);
        if (!error.unauthenticated) {
          showError(error.status === 409 ? ui.translated("oidc.lastWayIn") : ui.errorMessage(error));
        }
      });
  }

  function onLink() {
    var provider = $(this).attr("data-provider");
    var $button = $(this).prop("disabled", true);
    hideError();
    // The API links to the session the browser brings: renewed first if it is about to lapse.
    api
      .currentUser()
      .then(function () {
        TT.providersView.go(provider, "/#settings", true);
      })
      .catch(function (error) {
        $button.prop("disabled", false);
        if (!error.unauthenticated) {
          showError(ui.errorMessage(error));
        }
      });
  }

  // Registered once every script has run: settings.js, which defines the registry, comes later.
  $(function () {
    TT.settingsView.register({
      init: function () {
        $card = $("#settings-identities");
        $card.on("click", "[data-action='unlink-identity']", onUnlink);
        $card.on("click", "[data-action='link-identity']", onLink);
      },
      show: function () {
        hideError();
        return load();
      },
      reset: function () {
        generation += 1;
        hideError();
        $card.find(".identities-list, .identities-link").empty();
      }
    });
  });
})(window, window.jQuery);
;

/* js/views/settings/calendar.js */
/*
 * Settings, "Calendar feed" (#settings-calendar): the secret address a calendar app subscribes to.
 * The API keeps only a hash of it, so the address is shown once, when made (with a Copy button
 * and how to subscribe), and forgotten by the page when the settings are left. The card says
 * whether a feed is on; a new address or turning it off ends the old address at once.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;

  // Which answer is current: a late one (the page was left, or the user logged out) is dropped.
  var generation = 0;

  function setBusy(busy) {
    $("#settings-calendar button").prop("disabled", busy);
    $("#settings-calendar").attr("aria-busy", busy ? "true" : "false");
  }

  function showState(enabled) {
    ui.setMessage($("#calendar-state"), ui.translated(enabled ? "calendar.on" : "calendar.off"));
    $("#calendar-create").prop("hidden", enabled);
    $("#calendar-renew, #calendar-turn-off").prop("hidden", !enabled);
  }

  function forgetUrl() {
    $("#calendar-url").val("");
    ui.clearMessage($("#calendar-copy-status"));
    $("#calendar-created").prop("hidden", true);
  }

  function failed(error) {
    if (!error.unauthenticated) {
      ui.setMessage($("#calendar-status"), ui.errorMessage(error));
    }
  }

  function load() {
    generation += 1;
    var mine = generation;
    return api
      .getCalendarFeed()
      .then(function (state) {
        if (mine === generation) {
          showState(state.enabled);
        }
      })
      .catch(function (error) {
        if (mine === generation) {
          failed(error);
        }
      });
  }

  function makeUrl() {
    var mine = generation;
    ui.clearMessage($("#calendar-status"));
    forgetUrl();
    setBusy(true);
    api
      .newCalendarFeed()
      .then(function (feed) {
        setBusy(false);
        if (mine !== generation) {
          return;
        }
        showState(true);
        $("#calendar-created").prop("hidden", false);
        $("#calendar-url").val(feed.url).trigger("focus").trigger("select");
      })
      .catch(function (error) {
        setBusy(false);
        failed(error);
      });
  }

  function turnOff() {
    ui.clearMessage($("#calendar-status"));
    setBusy(true);
    api
      .turnOffCalendarFeed()
      .then(function () {
        setBusy(false);
        forgetUrl();
        showState(false);
        ui.setMessage($("#calendar-status"), ui.translated("calendar.turnedOff"));
        $("#calendar-create").trigger("focus");
      })
      .catch(function (error) {
        setBusy(false);
        failed(error);
      });
  }

  function copied(done) {
    ui.setMessage($("#calendar-copy-status"), ui.translated(done ? "calendar.copied" : "calendar.copyFailed"));
  }

  function onCopy() {
    ui.copyValue($("#calendar-url")).then(copied);
  }

  function init() {
    var $card = $("#settings-calendar");
    $card.on("click", "#calendar-create, #calendar-renew", makeUrl);
    $card.on("click", "#calendar-turn-off", turnOff);
    $card.on("click", "#calendar-copy", onCopy);
  }

  function show() {
    forgetUrl();
    ui.clearMessage($("#calendar-status"));
    return load();
  }

  function reset() {
    generation += 1;
    forgetUrl();
    ui.clearMessage($("#calendar-status"));
    showState(false);
  }

  // settings.js loads after this file: the section registers once the page is ready.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
;

/* js/views/settings/transfer.js */
/*
 * Settings, "Export and import" (#settings-transfer). An export is fetched through the API module
 * like any call, then saved from a Blob with a temporary download link. An import uploads the
 * chosen file and shows the report: how many tasks and lists were made, and each row of the file
 * that was skipped or left partly out, with its line (the reasons are the server's words). The
 * task list is loaded again afterwards, so the new tasks are there on going back.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var ui = TT.ui;
  var api = TT.api;
  var i18n = TT.i18n;

  // The size the API accepts (IMPORT_MAX_BYTES by default): a larger file is not even sent.
  var MAX_BYTES = 5 * 1024 * 1024;
  var user = null;
  var generation = 0;
  // The report shown, re-rendered when the interface language changes.
  var lastReport = null;

  function save(download) {
    var url = window.URL.createObjectURL(new window.Blob([download.text], { type: download.type }));
    var $link = $("<a>", { href: url, download: download.filename, hidden: true }).appendTo(window.document.body);
    $link[0].click();
    $link.remove();
    // Revoked later: the download reads the Blob after the click returns.
    window.setTimeout(function () {
      window.URL.revokeObjectURL(url);
    }, 10000);
  }

  function onExport() {
    var $button = $(this);
    var $status = $("#export-status");
    $("#settings-transfer [data-action='export']").prop("disabled", true);
    ui.setMessage($status, ui.translated("transfer.exporting"));
    api
      .exportTasks($button.attr("data-format"))
      .then(function (download) {
        save(download);
        ui.setMessage($status, ui.translated("transfer.exported", { name: download.filename }));
      })
      .catch(function (error) {
        if (error.unauthenticated) {
          ui.clearMessage($status);
        } else {
          ui.setMessage($status, ui.errorMessage(error));
        }
      })
      .then(function () {
        $("#settings-transfer [data-action='export']").prop("disabled", false);
      });
  }

  function hideReport() {
    lastReport = null;
    $("#import-report").prop("hidden", true);
    $("#import-summary").text("");
    $("#import-problems").empty();
  }

  function summaryText(report) {
    var parts = [i18n.t("transfer.created", { count: report.created })];
    if (report.lists_created) {
      parts.push(i18n.t("transfer.listsCreated", { count: report.lists_created }));
    }
    if (report.skipped) {
      parts.push(i18n.t("transfer.skipped", { count: report.skipped }));
    }
    return parts.join(" · ");
  }

  function showReport(report) {
    lastReport = report;
    $("#import-summary").text(summaryText(report));
    var $problems = $("#import-problems").empty();
    $.each(report.errors, function (index, problem) {
      var text = problem.line
        ? i18n.t("transfer.line", { line: problem.line, message: problem.message })
        : problem.message;
      $problems.append($("<li>", { text: text }));
    });
    $("#import-report").prop("hidden", false);
  }

  function onImport(event) {
    event.preventDefault();
    var $form = $(this);
    var errors = new ui.FormErrors($form);
    errors.clear();
    hideReport();
    var file = $("#import-file")[0].files[0];
    if (!file) {
      errors.field("file", ui.translated("transfer.fileRequired"));
      errors.focusFirstInvalid();
      return;
    }
    if (file.size > MAX_BYTES) {
      errors.field("file", ui.translated("transfer.fileTooLarge"));
      errors.focusFirstInvalid();
      return;
    }
    var mine = generation;
    ui.setBusy($form, true);
    api
      .importTasks(file)
      .then(function (report) {
        ui.setBusy($form, false);
        if (mine !== generation) {
          return;
        }
        $form.trigger("reset");
        showReport(report);
        if (user && report.created) {
          TT.tasksView.show(user);
        }
      })
      .catch(function (error) {
        ui.setBusy($form, false);
        if (error.unauthenticated || mine !== generation) {
          return;
        }
        var message = error.status === 413 ? ui.translated("transfer.fileTooLarge") : ui.errorMessage(error);
        errors.summary(message);
        $.each(error.fieldErrors, function (field, text) {
          if (field !== "file") {
            $form.find(".form-error-summary").append($("<div>", { "class": "small", text: field + ": " + text }));
          }
        });
      });
  }

  function init() {
    var $card = $("#settings-transfer");
    $card.on("click", "[data-action='export']", onExport);
    $card.on("submit", "#import-form", onImport);
    $(window.document).on("tt:languagechange", function () {
      if (lastReport) {
        showReport(lastReport);
      }
    });
  }

  function show(current) {
    user = current;
    ui.clearMessage($("#export-status"));
  }

  function reset() {
    generation += 1;
    user = null;
    hideReport();
    ui.clearMessage($("#export-status"));
    var $form = $("#import-form").trigger("reset");
    new ui.FormErrors($form).clear();
  }

  // settings.js loads after this file: the section registers once the page is ready.
  $(function () {
    TT.settingsView.register({ init: init, show: show, reset: reset });
  });
})(window, window.jQuery);
;

/* js/views/settings.js */
/*
 * The settings page (#settings): a card per concern, each owned by a section module in
 * views/settings/ (loaded before this file), which registers itself with
 *   TT.settingsView.register({ init: function () {}, show: function (user) {}, reset: function () {} })
 * `init` binds the section's delegated events once; `show` fills it from GET /user (the user object
 * of api.md, given fresh each time the page opens); `reset` empties it on log-out, so nothing of
 * one user stays for the next. A section that changes the user calls TT.settingsView.refresh().
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var sections = [];
  var initialized = false;

  function register(section) {
    sections.push(section);
    if (initialized && section.init) {
      section.init();
    }
  }

  function each(method, argument) {
    $.each(sections, function (index, section) {
      if (section[method]) {
        section[method](argument);
      }
    });
  }

  function refresh() {
    $("#settings-loading").prop("hidden", false);
    $("#settings-load-error").prop("hidden", true);
    return TT.api
      .currentUser()
      .then(function (user) {
        TT.authView.showUser(user);
        each("show", user);
        $("#settings-sections").prop("hidden", false);
      })
      .catch(function (error) {
        if (!error.unauthenticated) {
          $("#settings-load-error").prop("hidden", false);
        }
      })
      .then(function () {
        $("#settings-loading").prop("hidden", true);
      });
  }

  function show() {
    // The cards wait for this load's values: a switch flipped before they arrive would be
    // flipped back by them.
    $("#settings-sections").prop("hidden", true);
    $("#settings-view").prop("hidden", false);
    $("#settings-heading").trigger("focus");
    return refresh();
  }

  function hide() {
    $("#settings-view").prop("hidden", true);
  }

  function reset() {
    hide();
    each("reset");
  }

  function init() {
    initialized = true;
    each("init");
  }

  TT.settingsView = {
    init: init,
    register: register,
    show: show,
    hide: hide,
    reset: reset,
    refresh: refresh
  };
})(window, window.jQuery);
;

/* js/views/header.js */
/*
 * The header's account menu: below 992 px a dropdown behind one round button, wider shown inline
 * (css/header.css). The vendored Bootstrap has no Popper, which its dropdown needs even when
 * static, so the few dropdown behaviours live here: the button toggles the menu, Escape, Tab out,
 * a click outside or on an item close it, ArrowUp/ArrowDown move between the items; the selects
 * keep their own arrows.
 */
(function ($) {
  "use strict";

  var $toggle;
  var $menu;

  function isOpen() {
    return $menu.hasClass("show");
  }

  function items() {
    return $menu.find(".dropdown-item:visible, select:visible");
  }

  function open() {
    $menu.addClass("show");
    $toggle.attr("aria-expanded", "true");
  }

  function close(focusToggle) {
    if (!isOpen()) {
      return;
    }
    $menu.removeClass("show");
    $toggle.attr("aria-expanded", "false");
    if (focusToggle) {
      $toggle.trigger("focus");
    }
  }

  function move(step) {
    var $items = items();
    var index = $items.index(window.document.activeElement);
    var next = index === -1 ? (step > 0 ? 0 : $items.length - 1) : index + step;
    $items.eq(Math.max(0, Math.min($items.length - 1, next))).trigger("focus");
  }

  $(function () {
    $toggle = $("#account-toggle");
    $menu = $("#account-menu");

    $toggle.on("click", function () {
      if (isOpen()) {
        close(false);
      } else {
        open();
      }
    });
    $toggle.on("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        open();
        move(event.key === "ArrowDown" ? 1 : -1);
      }
    });
    // Capturing on window: Bootstrap's own dropdown key handler captures on document, and would
    // fail on a menu without its toggle.
    window.addEventListener(
      "keydown",
      function (event) {
        var isArrow = event.key === "ArrowDown" || event.key === "ArrowUp";
        var inMenu = $menu[0].contains(event.target);
        if (event.key === "Escape" && (inMenu || isOpen())) {
          event.stopPropagation();
          close(true);
        } else if (isArrow && inMenu) {
          event.stopPropagation();
          if (isOpen() && !$(event.target).is("select")) {
          event.preventDefault();
            move(event.key === "ArrowDown" ? 1 : -1);
          }
        }
      },
      true
    );
    $menu.on("click", ".dropdown-item", function () {
      close(false);
    });
    $(window.document).on("click focusin", function (event) {
      if (isOpen() && !$(event.target).closest(".tt-account").length) {
        close(false);
      }
    });
  });
})(window.jQuery);
;

/* js/offline.js */
/*
 * Installable and offline: registers the service worker (sw.js keeps the app shell), keeps a copy
 * of the signed-in user and the last task list loaded, and shows that copy read-only while the API
 * cannot be reached.
 *
 * The copy lives in localStorage under the user's id (one user at a time: another user's sign-in
 * replaces it) and is removed on log-out and when the session ends (a 401 after the refresh).
 * Read-only, not queued: edits made offline could not be checked against the versions on the
 * server until later, so the editing controls are disabled and a banner says so. The page leaves
 * the offline state when a request succeeds again: at the `online` event and every
 * PROBE_INTERVAL_MS, it asks GET /user and on success shows the user afresh (a refetch).
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var api = TT.api;
  var i18n = TT.i18n;
  var USER_KEY = "tasktracker.offline.user";
  var COPY_PREFIX = "tasktracker.offline.copy.";
  var SAVE_DELAY_MS = 300;
  var PROBE_INTERVAL_MS = 10000;
  // What the read-only state disables; marked so that only these are enabled again.
  var EDITING = [
    "#new-task-form :input",
    "#new-list-form :input",
    "#tasks-view .task-toggle",
    "#sidebar-lists [data-action]:not([data-action='show-list'])",
    "#task-modal :input:not(.btn-close)"
  ].join(", ");
  var MARK = "data-offline-disabled";

  var hooks = null;
  var user = null;
  var offline = false;
  var savedAt = null;
  var saveTimer = null;
  var probeTimer = null;

  function storage() {
    try {
      return window.localStorage;
    } catch {
      return null; // Storage turned off: no copy, the page just cannot open offline.
    }
  }

  function readCopy() {
    var store = storage();
    var id = store && store.getItem(USER_KEY);
    if (!id) {
      return null;
    }
    try {
      var copy = JSON.parse(store.getItem(COPY_PREFIX + id));
      return copy && copy.user && String(copy.user.id) === id ? copy : null;
    } catch {
      return null;
    }
  }

  function forget() {
    var store = storage();
    window.clearTimeout(saveTimer);
    user = null;
    if (offline) {
      leave();
    }
    if (store) {
      var id = store.getItem(USER_KEY);
      if (id) {
        store.removeItem(COPY_PREFIX + id);
      }
      store.removeItem(USER_KEY);
    }
  }

  function save() {
    var store = storage();
    if (!store || !user || offline) {
      return;
    }
    var tasks = $.map(TT.tasks.store.all(), function (task) {
      return TT.tasks.store.serverCopy(TT.tasks.store.key(task.id)) || null;
    });
    var copy = { user: user, savedAt: new Date().toISOString(), tasks: tasks, lists: TT.tasks.sidebar.lists() };
    try {
      store.setItem(COPY_PREFIX + user.id, JSON.stringify(copy));
      store.setItem(USER_KEY, String(user.id));
    } catch {
      // Full: the previous copy stays.
    }
  }

  function scheduleSave() {
    if (user && !offline) {
      window.clearTimeout(saveTimer);
      saveTimer = window.setTimeout(save, SAVE_DELAY_MS);
    }
  }

  function applyReadOnly() {
    if (offline) {
      $(EDITING).not(":disabled").attr(MARK, "").prop("disabled", true);
    }
  }

  function sortable(disabled) {
    var list = window.document.getElementById("open-tasks");
    var instance = list && window.Sortable && window.Sortable.get(list);
    if (instance) {
      instance.option("disabled", disabled);
    }
  }

  function renderBanner() {
    var time = savedAt ? i18n.formatDateTime(savedAt) : "";
    $("#offline-banner").prop("hidden", !offline).find(".offline-text").text(i18n.t("offline.banner", { time: time }));
  }

  function enter(at) {
    savedAt = at;
    if (!offline) {
      offline = true;
      $("body").addClass("tt-offline");
      window.clearTimeout(saveTimer);
      probeTimer = window.setInterval(probe, PROBE_INTERVAL_MS);
    }
    sortable(true);
    applyReadOnly();
    renderBanner();
  }

  function leave() {
    offline = false;
    window.clearInterval(probeTimer);
    probeTimer = null;
    $("body").removeClass("tt-offline");
    $("[" + MARK + "]").removeAttr(MARK).prop("disabled", false);
    sortable(false);
    renderBanner();
  }

  function probe() {
    if (!offline) {
      return;
    }
    api.currentUser().then(
      function (current) {
        if (offline) {
          leave();
          hooks.showUser(current);
        }
      },
      function () {
        // Still unreachable (a 401 ends the session through onUnauthenticated).
      }
    );
  }

  // The API answered with a network failure at start: the last copy, read-only, if there is one.
  function openCopy() {
    var copy = readCopy();
    if (!copy) {
      return false;
    }
    user = copy.user;
    enter(copy.savedAt);
    TT.tasks.due.setZone(copy.user.timezone);
    hooks.showCopy(copy.user);
    TT.tasks.sidebar.replaceAll(copy.lists || []);
    TT.tasks.store.replaceAll(copy.tasks || [], null);
    applyReadOnly();
    return true;
  }

  function connectionLost() {
    if (user && !offline && TT.app.isSignedIn()) {
      var copy = readCopy();
      enter(copy ? copy.savedAt : new Date().toISOString());
    }
  }

  function register() {
    var workers = window.navigator.serviceWorker;
    if (workers) {
      workers.register("sw.js").catch(function () {
        // No worker (private mode, a file:// page): the app works, just not offline.
      });
    }
  }

  // `callbacks`: showUser(user), the signed-in start; showCopy(user), the signed-in view without
  // loading anything.
  function init(callbacks) {
    hooks = callbacks;
    TT.tasks.store.onChange(function () {
      scheduleSave();
      applyReadOnly();
    });
    // The editor fills its fields when it opens: disabled after that.
    $(window.document).on("click keydown", "#tasks-view .task-item", function () {
      window.setTimeout(applyReadOnly);
    });
    // The session has ended: app.js shows the visitor view.
    api.onUnauthenticated(forget);
    api.onNetworkError(connectionLost);
    $(window).on("offline", connectionLost).on("online", probe);
    $(window.document).on("tt:languagechange", renderBanner);
    // After the page has loaded: the worker's downloads must not compete with the page's own.
    if (window.document.readyState === "complete") {
      register();
    } else {
      $(window).on("load", register);
    }
  }

  TT.offline = {
    init: init,
    openCopy: openCopy,
    forget: forget,
    // Whether an unreachable API (not a refusal) made the call fail.
    unreachable: function (error) {
      return error.network || error.status === 502 || error.status === 503 || error.status === 504;
    },
    // The signed-in user, shown online: copies are kept from now on (another user's is dropped).
    signedIn: function (current) {
      var previous = readCopy();
      if (previous && previous.user.id !== current.id) {
        forget();
      }
      user = current;
      if (offline) {
        leave();
      }
    },
    isOffline: function () {
      return offline;
    }
  };
})(window, window.jQuery);
;

/* js/app.js */
/*
 * Start-up and the switch between the visitor view and the logged-in view.
 * On load the page asks GET /user: 200 shows the user's tasks, 401 (after one refresh attempt in
 * api.js) shows the visitor view. The emailed password reset link, #reset=<token>, opens the
 * reset dialog over either view, on load or when the open page is sent to it; the digest's
 * unsubscribe link, #unsubscribe=<token>, its dialog likewise. A failed sign-in with an external
 * provider comes back as #signin-error=<code>, shown as a notice. A signed-in user's
 * #settings shows the settings page instead of the tasks; any other address shows the tasks.
 */
(function (window, $) {
  "use strict";

  var TT = window.TT;
  var i18n = TT.i18n;
  var ui = TT.ui;
  var signedIn = false;
  // Whether the signed-in views have shown a user since the page loaded.
  var userShown = false;
  // A tab hidden this long may come back with an expired access token; it is renewed at once,
  // not when the user's first edit (or the keepalive save on leaving) would meet a 401.
  var RECHECK_AFTER_HIDDEN_MS = 60000;
  var hiddenSince = null;
  var RESET_LINK = /^#reset=([A-Za-z0-9_-]+)$/;
  // Where the API sends the browser back after a failed sign-in with a provider (oidc/errors.py).
  var SIGNIN_ERROR = /^#signin-error=([a-z_]+)$/;
  var SIGNIN_ERRORS = {
    cancelled: "signinError.cancelled",
    email_unverified: "signinError.email_unverified",
    email_missing: "signinError.email_missing",
    identity_taken: "signinError.identity_taken",
    provider_already_linked: "signinError.provider_already_linked",
    not_signed_in: "signinError.not_signed_in",
    provider_unavailable: "signinError.provider_unavailable",
    invalid_state: "signinError.invalid_state"
  };
  var UNSUBSCRIBE_LINK = /^#unsubscribe=([A-Za-z0-9_.-]+)$/;
  var SETTINGS_PAGE = "#settings";

  // The token of a reset link in the address, which is then taken out of it: a reload, a
  // bookmark or the history must not keep a secret that the dialog no longer needs.
  function takeResetToken() {
    var match = RESET_LINK.exec(window.location.hash);
    if (!match) {
      return null;
    }
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    return match[1];
  }

  // The code of a failed provider sign-in, taken out of the address like the reset token: a
  // reload must not show the message again.
  function takeSigninError() {
    var match = SIGNIN_ERROR.exec(window.location.hash);
    if (!match) {
      return null;
    }
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
    return match[1];
  }

  function showSigninError(code) {
    if (code) {
      var key = Object.prototype.hasOwnProperty.call(SIGNIN_ERRORS, code) ? SIGNIN_ERRORS[code] : "signinError.generic";
      ui.showNotice(ui.translated(key), "danger");
    }
  }

  function openResetLink() {
    var token = takeResetToken();
    if (token) {
      TT.authView.openReset(token);
    }
  }

  // The digest's unsubscribe link, #unsubscribe=<token>, taken out of the address the same way.
  function openUnsubscribeLink() {
    var match = UNSUBSCRIBE_LINK.exec(window.location.hash);
    if (match) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
      TT.unsubscribeView.open(match[1]);
    }
  }

  // The first paint's guess (boot.js) gives way to what the page now knows.
  function decided() {
    window.document.documentElement.classList.remove("tt-visitor-likely", "tt-user-likely");
    $("#tasks-view").prop("inert", false);
  }

  function showVisitor() {
    decided();
    signedIn = false;
    // Views that have never shown a user are as init() left them: nothing to take away (and at
    // start, for a visitor, resetting them would only delay the welcome).
    if (userShown) {
      TT.tasksView.reset();
      TT.settingsView.reset();
    }
    TT.authView.showVisitor();
    $("#app-loading, #tasks-view").prop("hidden", true);
    $("#welcome").prop("hidden", false);
  }

  // The signed-in page the address names: the settings page or the tasks.
  function showPage() {
    var settings = window.location.hash === SETTINGS_PAGE;
    $("#tasks-view").prop("hidden", settings);
    if (settings) {
      return TT.settingsView.show();
    }
    TT.settingsView.hide();
    return Promise.resolve();
  }

  function showUser(user) {
    decided();
    signedIn = true;
    userShown = true;
    TT.offline.signedIn(user);
    ui.hideNotice();
    TT.authView.showUser(user);
    $("#app-loading, #welcome").prop("hidden", true);
    showPage();
    return TT.tasksView.show(user);
  }

  // The last copy of the user's tasks while the API cannot be reached (offline.js): the tasks
  // only, read-only; the settings need the server.
  function showCopy(user) {
    decided();
    signedIn = true;
    userShown = true;
    TT.authView.showUser(user);
    TT.settingsView.hide();
    $("#app-loading, #welcome").prop("hidden", true);
    $("#tasks-view").prop("hidden", false);
  }

  function onHashChange() {
    openResetLink();
    openUnsubscribeLink();
    if (signedIn) {
      showPage();
    }
  }

  function onVisibilityChange() {
    if (window.document.visibilityState === "hidden") {
      hiddenSince = Date.now();
      return;
    }
    var away = hiddenSince === null ? 0 : Date.now() - hiddenSince;
    hiddenSince = null;
    if (signedIn && away >= RECHECK_AFTER_HIDDEN_MS) {
      // A 401 refreshes the session (api.js); a session that has ended shows the visitor view
      // through onUnauthenticated; a network failure is left to the next call.
      TT.api.currentUser().catch($.noop);
    }
  }

  function start() {
    // Asked first: the answer decides what the page shows, and the views below are set up while
    // it is on its way (its handlers run after this function, once they are all ready).
    var currentUser = TT.api.currentUser();
    i18n.apply();
    $("#language-select")
      .val(i18n.language())
      .on("change", function () {
        i18n.setLanguage($(this).val());
      });

    TT.authView.init();
    TT.providersView.init();
    TT.tasksView.init();
    TT.settingsView.init();
    TT.unsubscribeView.init();
    TT.offline.init({ showUser: showUser, showCopy: showCopy });
    TT.authView.onSignedIn(function (user) {
      showUser(user).then(function () {
        $("#new-task-title").trigger("focus");
      });
    });
    TT.api.onUnauthenticated(function () {
      if (signedIn) {
        showVisitor();
        ui.showNotice(ui.translated("app.sessionEnded"), "warning");
      }
    });

    $(window.document).on("visibilitychange", onVisibilityChange);
    $(window).on("hashchange", onHashChange);

    var signinError = takeSigninError();
    currentUser
      .then(showUser)
      .catch(function (error) {
        if (TT.offline.unreachable(error) && TT.offline.openCopy()) {
          return;
        }
        showVisitor();
        if (error.status !== 401) {
          ui.showNotice(ui.translated("app.backendUnavailable"), "danger");
        }
      })
      .then(function () {
        showSigninError(signinError);
        openResetLink();
        openUnsubscribeLink();
      });
  }

  TT.app = {
    showVisitor: showVisitor,
    isSignedIn: function () {
      return signedIn;
    }
  };

  $(start);
})(window, window.jQuery);
;
