// Pages that need a host session send everyone else to sign in, then back.
export default defineNuxtRouteMiddleware((to) => {
  const { loggedIn, user } = useUserSession()
  if (!loggedIn.value || user.value?.role !== 'host') {
    return navigateTo({ path: '/login', query: { redirect: to.fullPath } })
  }
})
