// An author's to-do list: lessons and videos learners said are outdated, with how many said so and
// the last note. Marking one done removes it (a later report brings it back).
import { useState } from "preact/hooks";
import { api, ok } from "../../api/client";
import { formatDate } from "../../i18n";
import { href } from "../../router";
import { Loading, useLoad } from "./common";
import { useAdminT } from "./i18n";

export function AuthorTasks() {
  const t = useAdminT();
  const tasks = useLoad(() => ok(() => api.GET("/v1/me/author-tasks", { params: { query: { limit: 50 } } })), []);
  const [error, setError] = useState("");
  return (
    <>
      <h1>{t("tasksTitle")}</h1>
      <p class="hint">{t("tasksIntro")}</p>
      {error && <p role="alert" class="error">{error}</p>}
      <Loading state={tasks}>
        {(page) =>
          page.items.length === 0 ? (
            <p class="muted">{t("tasksEmpty")}</p>
          ) : (
            <ul class="list">
              {page.items.map((task) => (
                <li key={task.content_id}>
                  <h2>{task.title}</h2>
                  <p>{t("tasksOutdated", { count: task.reports })} · {formatDate(task.last_reported_at)}</p>
                  {task.last_note && <blockquote>{task.last_note}</blockquote>}
                  <p class="row">
                    <a href={href(`/manage/lessons/${task.content_id}`)}>{t("tasksOpen")}</a>
                    <a href={href(`/manage/content/${task.content_id}/insights`)}>{t("insightsOpen")}</a>
                    <button
                      type="button"
                      onClick={async () => {
                        try {
                          await ok(() => api.POST("/v1/me/author-tasks/{content_id}/done", { params: { path: { content_id: task.content_id } } }));
                          tasks.reload();
                        } catch (caught) {
                          setError(String(caught));
                        }
                      }}
                    >
                      {t("tasksDone")}
                    </button>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loading>
    </>
  );
}
