// Which breach the page opens when it is reached from elsewhere (the dashboard's card).

export const breachNav = $state<{ open: string | null }>({ open: null });
