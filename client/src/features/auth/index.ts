/** Sign-in for staff (organisers and hosts): the login form, the current user and the guard for staff pages. */
export { LoginForm, LoginPage } from './LoginForm';
export { PasswordForm } from './PasswordForm';
export { RequireSignIn, useSignedInUser } from './RequireSignIn';
export { refreshCurrentUser, signIn, signOut, useCurrentUser, type CurrentUserHook, type SignInState } from './session';
